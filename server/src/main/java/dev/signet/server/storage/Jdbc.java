package dev.signet.server.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The few JDBC conversions the stores share, written once so that H2 and PostgreSQL read and write
 * timestamps the same way ({@code TIMESTAMP WITH TIME ZONE}, microsecond precision, UTC).
 */
public final class Jdbc {
  private static final String INTEGRITY_VIOLATION = "23";

  private Jdbc() {}

  /** The clock's instant at the precision both databases store, so values round-trip exactly. */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public static void setInstant(PreparedStatement statement, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }
  }

  public static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant requiredInstant(ResultSet row, String column) throws SQLException {
    Instant value = instant(row, column);
    if (value == null) {
      throw new SQLException("column " + column + " is null");
    }
    return value;
  }

  /** Whether {@code e} is an integrity violation (SQLSTATE class 23): a duplicate, a missing parent row. */
  public static boolean isIntegrityViolation(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith(INTEGRITY_VIOLATION);
  }

  /**
   * Whether {@code e} is an integrity violation (SQLSTATE class 23) of the named constraint. Both
   * H2 and PostgreSQL name the constraint in the message.
   */
  public static boolean violates(SQLException e, String constraint) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      String message = s.getMessage();
      if (state != null && state.startsWith(INTEGRITY_VIOLATION) && message != null
          && message.toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
