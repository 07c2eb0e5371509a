package dev.signet.server.audit;

/**
 * An audit event as stored, with its row's id: events are read newest first by time, then id.
 *
 * @param id the row's id, increasing in insertion order
 * @param event the event
 */
public record AuditEntry(long id, AuditEvent event) {
  /** Where a page that ends with this entry ends. */
  public AuditQuery.Position position() {
    return new AuditQuery.Position(event.at(), id);
  }
}
