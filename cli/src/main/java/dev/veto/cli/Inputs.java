package dev.veto.cli;

import dev.veto.cedar.schema.Schema;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files a command is given, turning I/O trouble into one clear line for the user. */
final class Inputs {
    private Inputs() {}

    static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read the " + what + " file `" + file + "`: no such file");
        } catch (MalformedInputException e) {
            throw new UserError("cannot read the " + what + " file `" + file + "`: it is not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("cannot read the " + what + " file `" + file + "`: " + e.getMessage());
        }
    }

    /**
     * A schema: JSON when the file name ends in {@code .json}, the human-readable format when it
     * ends in {@code .cedarschema} or {@code .cedar}, else JSON exactly when the text starts with {@code {}.
     */
    static Schema schema(Path file) {
        String text = read(file, "schema");
        String name = file.getFileName().toString();
        boolean isJson = name.endsWith(".json")
                || (!name.endsWith(".cedarschema") && !name.endsWith(".cedar") && text.stripLeading().startsWith("{"));
        return isJson ? Schema.parseJson(text, file.toString()) : Schema.parseCedar(text, file.toString());
    }
}
