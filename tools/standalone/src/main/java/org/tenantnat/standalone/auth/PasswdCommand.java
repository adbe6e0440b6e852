package org.tenantnat.standalone.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code java -jar tenantnat-standalone.jar passwd FILE USER ROLE}: adds a user to a credentials file, or replaces
 * its role and password, with the password hashed. The password is read from the terminal (twice, not echoed) or,
 * when standard input is not a terminal, as its first line, so scripts can pipe it in.
 */
public final class PasswdCommand {

    /** The command's name, the first argument. */
    public static final String NAME = "passwd";
    /** Shortest password accepted. */
    static final int MIN_LENGTH = 8;

    static final String USAGE = "usage: java -jar tenantnat-standalone.jar passwd FILE USER viewer|admin"
            + "  (password from the terminal, or the first line of standard input)\n";

    private PasswdCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args    FILE USER ROLE (the command name excluded)
     * @param console the terminal, null when standard input is not one
     * @param in      standard input, read when there is no terminal
     * @param out     where the result goes
     * @param err     where errors go
     * @return exit status: 0 written, 2 bad arguments or password, 1 the file could not be written
     */
    public static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.print(USAGE);
            return 2;
        }
        Path file = Paths.get(args[0]);
        String user = args[1];
        Role role;
        try {
            UsersFile.checkName(user);
            role = Role.parse(args[2]);
        } catch (IllegalArgumentException e) {
            err.println("tenantnat passwd: " + e.getMessage());
            return 2;
        }
        String password;
        try {
            password = console != null ? fromTerminal(console, user) : firstLine(in);
        } catch (IllegalArgumentException e) {
            err.println("tenantnat passwd: " + e.getMessage());
            return 2;
        }
        try {
            boolean replaced = UsersFile.put(file, user, role, PasswordHash.of(password));
            out.println("tenantnat passwd: " + (replaced ? "replaced" : "added") + " user " + user + " ("
                        + role.fileName() + ") in " + file);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tenantnat passwd: " + e.getMessage() + "; nothing written");
            return 2;
        } catch (UncheckedIOException e) {
            err.println("tenantnat passwd: " + e.getMessage());
            return 1;
        }
    }

    private static String fromTerminal(Console console, String user) {
        char[] first = console.readPassword("Password for %s: ", user);
        char[] again = console.readPassword("Again: ");
        if (first == null || again == null || !new String(first).equals(new String(again))) {
            throw new IllegalArgumentException("the passwords differ; nothing written");
        }
        return checked(new String(first));
    }

    private static String firstLine(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input; nothing written");
            }
            return checked(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checked(String password) {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_LENGTH
                                               + " characters; nothing written");
        }
        return password;
    }
}
