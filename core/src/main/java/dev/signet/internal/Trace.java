package dev.signet.internal;

import dev.signet.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Records the checks of a pipeline for an explanation; {@link #NONE} records nothing and costs nothing. */
public sealed interface Trace permits Trace.None, Trace.Recording {
  Trace NONE = new None();

  void pass(String check, Supplier<String> detail);

  void fail(String check, String detail);

  static Recording recording() {
    return new Recording();
  }

  final class None implements Trace {
    private None() {}

    @Override
    public void pass(String check, Supplier<String> detail) {}

    @Override
    public void fail(String check, String detail) {}
  }

  final class Recording implements Trace {
    private final List<Check> checks = new ArrayList<>();

    private Recording() {}

    @Override
    public void pass(String check, Supplier<String> detail) {
      checks.add(new Check(check, true, detail.get()));
    }

    @Override
    public void fail(String check, String detail) {
      checks.add(new Check(check, false, detail));
    }

    public List<Check> checks() {
      return List.copyOf(checks);
    }
  }
}
