package org.tenantnat.cli;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.onosproject.cli.AbstractShellCommand;
import org.onosproject.codec.CodecService;
import org.onosproject.security.AuditService;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.TenantNatCodecService;

import javax.security.auth.Subject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.List;

/**
 * Runs shell commands as Karaf runs them: arguments and options already in their fields, then
 * {@link AbstractShellCommand#execute()} as an authenticated user, with the services registered in
 * {@link ShellServices}. Captures what the command prints.
 */
final class Shell {

    /** What a command printed. */
    static final class Output {
        final List<String> out;
        final List<String> err;

        Output(String out, String err) {
            this.out = lines(out);
            this.err = lines(err);
        }

        private static List<String> lines(String text) {
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }

        @Override
        public String toString() {
            return "out " + out + " err " + err;
        }
    }

    private final String user;

    /**
     * Creates a shell whose commands speak for a service, as a user.
     *
     * @param service the tenantnat service
     * @param user    the shell's authenticated user
     */
    Shell(TenantNatService service, String user) {
        this.user = user;
        ShellServices.clear();
        ShellServices.register(TenantNatService.class, service);
        ShellServices.register(CodecService.class, new TenantNatCodecService());
        ShellServices.register(AuditService.class, new AuditService() {
            @Override
            public boolean isAuditing() {
                return false;
            }

            @Override
            public void logUserAction(String user, String action) {
            }
        });
    }

    /**
     * Runs a command.
     *
     * @param command the command, its fields set
     * @return what it printed
     */
    Output run(AbstractShellCommand command) {
        return run(command, false);
    }

    /**
     * Runs a command with {@code -j}.
     *
     * @param command the command, its fields set
     * @return what it printed
     */
    Output json(AbstractShellCommand command) {
        return run(command, true);
    }

    private Output run(AbstractShellCommand command, boolean json) {
        setJsonOption(command, json);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) command::execute);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    // Karaf sets -j into this private field of AbstractShellCommand, as it sets every option.
    private static void setJsonOption(AbstractShellCommand command, boolean json) {
        try {
            Field field = AbstractShellCommand.class.getDeclaredField("json");
            field.setAccessible(true);
            field.setBoolean(command, json);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("AbstractShellCommand has no -j field", e);
        }
    }
}
