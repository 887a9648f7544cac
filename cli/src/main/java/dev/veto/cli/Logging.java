package dev.veto.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where library log lines go: standard output by default ({@code logback.xml}). */
final class Logging {
    private Logging() {}

    /** Sends library log lines to {@code out} from now on (the demo keeps its terminal for people). */
    static void to(OutputStream out) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("out") instanceof OutputStreamAppender<?> appender) {
            appender.setOutputStream(out);
        }
    }
}
