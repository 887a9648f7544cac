package dev.veto.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each library log event (Jetty, Javalin, the JDBC drivers) as one JSON line in the shape
 * of the server's own lines ({@code time}, {@code level}, {@code msg}, then {@code logger}, and
 * {@code error} and {@code trace} for a throwable), so one reader takes the whole output of
 * {@code veto serve}.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        m.put("level", event.getLevel().toString().toLowerCase(Locale.ROOT));
        m.put("msg", event.getFormattedMessage());
        m.put("logger", event.getLoggerName());
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null) {
            m.put("error", t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            m.put("trace", ThrowableProxyUtil.asString(t));
        }
        byte[] line = JSON.writeValueAsBytes(m);
        byte[] out = new byte[line.length + 1];
        System.arraycopy(line, 0, out, 0, line.length);
        out[line.length] = '\n';
        return out;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
