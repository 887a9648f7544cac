package dev.veto.cli;

import dev.veto.ledger.Appended;
import dev.veto.ledger.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veto log append}: each line of standard input becomes one entry. */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "Append each line of standard input (its bytes, without the newline) as one entry; print each entry's index. "
                + "When it returns, the entries are durable and covered by a new signed checkpoint.")
final class LogAppendCommand implements Callable<Integer> {
    private static final int CHUNK = 4096;

    @Mixin
    LogDbOption db;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "The log's signer key file.")
    Path keyFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<byte[]> lines = readLines(System.in);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length > Log.MAX_ENTRY_SIZE) {
                throw new UserError("line " + (i + 1) + " of standard input is " + lines.get(i).length + " bytes; an entry may be at most " + Log.MAX_ENTRY_SIZE);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Log log = LogAccess.openForAppend(db.db, keyFile)) {
            List<CompletableFuture<Appended>> pending = new ArrayList<>();
            for (int from = 0; from < lines.size(); from += CHUNK) {
                pending.add(log.appendAsync(lines.subList(from, Math.min(lines.size(), from + CHUNK))));
            }
            for (CompletableFuture<Appended> f : pending) {
                Appended a = LogAccess.call(f::join);
                for (long i = a.firstIndex(); i <= a.lastIndex(); i++) {
                    out.println(i);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Splits on '\n'; a final line without a newline counts, an empty tail after the last newline does not. */
    static List<byte[]> readLines(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            lines.add(Arrays.copyOfRange(all, start, all.length));
        }
        return lines;
    }

}
