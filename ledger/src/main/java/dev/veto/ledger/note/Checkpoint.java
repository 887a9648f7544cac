package dev.veto.ledger.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, and optional
 * extension lines, each ending in a newline.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
    public Checkpoint {
        root = root.clone();
        extensions = List.copyOf(extensions);
        if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("checkpoint origin \"" + origin + "\" is empty or spans lines");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size " + size + " is negative");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("checkpoint root is " + root.length + " bytes, not 32");
        }
        for (String e : extensions) {
            if (e.isEmpty() || e.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("checkpoint extension line \"" + e + "\" is empty or spans lines");
            }
        }
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] root) {
        this(origin, size, root, List.of());
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The note text of this checkpoint. */
    public String text() {
        StringBuilder sb = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        for (String e : extensions) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /** Parses the text of a signed note as a checkpoint. */
    public static Checkpoint parse(String text) throws NoteException {
        if (!text.endsWith("\n")) {
            throw new NoteException("checkpoint does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteException("checkpoint has " + lines.length + " lines, needs origin, size and root");
        }
        String origin = lines[0];
        if (origin.isEmpty()) {
            throw new NoteException("checkpoint origin is empty");
        }
        String s = lines[1];
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9') || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new NoteException("checkpoint size \"" + s + "\" is not a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NoteException("checkpoint size \"" + s + "\" is too large");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteException("checkpoint root \"" + lines[2] + "\" is not valid base64");
        }
        if (root.length != 32) {
            throw new NoteException("checkpoint root \"" + lines[2] + "\" is not 32 bytes");
        }
        List<String> ext = Arrays.asList(lines).subList(3, lines.length);
        for (String e : ext) {
            if (e.isEmpty()) {
                throw new NoteException("checkpoint has an empty extension line");
            }
        }
        return new Checkpoint(origin, size, root, ext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.root, root) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(root) + "]";
    }
}
