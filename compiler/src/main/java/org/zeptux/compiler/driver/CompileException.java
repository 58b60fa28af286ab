package org.zeptux.compiler.driver;

import java.util.Comparator;
import java.util.List;
import org.zeptux.compiler.dialect.Diagnostics;

/** The input has dialect errors; each is one javac-style line. */
public final class CompileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<Diagnostics.Diagnostic> errors;

    public CompileException(List<Diagnostics.Diagnostic> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors"));
        // javac's order: by file, then by line (stable, so one line's errors keep their order).
        this.errors = errors.stream()
                .sorted(Comparator.comparing(Diagnostics.Diagnostic::file)
                        .thenComparingInt(Diagnostics.Diagnostic::line))
                .toList();
    }

    public List<Diagnostics.Diagnostic> errors() {
        return errors;
    }
}
