package dev.veto.cedar.json;

/**
 * A location inside a JSON document, for error messages: {@code file: [2].attrs.owner}. A path
 * is made for every field parsed, error or not, so it keeps its parent and segment and writes
 * its text only when asked ({@link #at()}, {@link #toString()}, {@link #error}).
 */
public final class JsonPath {
    private final String source;
    private final JsonPath parent;
    private final String key;
    private final int index;
    private String at;

    public JsonPath(String source) {
        this(source, "");
    }

    public JsonPath(String source, String at) {
        this.source = source;
        this.parent = null;
        this.key = null;
        this.index = -1;
        this.at = at;
    }

    private JsonPath(JsonPath parent, String key, int index) {
        this.source = parent.source;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    public JsonPath key(String k) {
        return new JsonPath(this, k, -1);
    }

    public JsonPath index(int i) {
        return new JsonPath(this, null, i);
    }

    public String source() {
        return source;
    }

    /** The location inside the document, e.g. {@code [2].attrs.owner} (empty at the root). */
    public String at() {
        String a = at;
        if (a == null) {
            String p = parent.at();
            if (key == null) {
                a = p + "[" + index + "]";
            } else {
                boolean plain = !key.isEmpty();
                for (int i = 0; plain && i < key.length(); i++) {
                    char c = key.charAt(i);
                    plain = Character.isLetterOrDigit(c) || c == '_';
                }
                a = p + (plain ? (p.isEmpty() ? "" : ".") + key : "[" + dev.veto.cedar.value.Strings.quote(key) + "]");
            }
            at = a;
        }
        return a;
    }

    public JsonFormatException error(String message) {
        return new JsonFormatException(this + ": " + message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && source.equals(p.source) && at().equals(p.at());
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + at().hashCode();
    }

    @Override
    public String toString() {
        String a = at();
        return a.isEmpty() ? source : source + ": " + a;
    }
}
