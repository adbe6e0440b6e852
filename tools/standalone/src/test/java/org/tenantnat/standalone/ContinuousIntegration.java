package org.tenantnat.standalone;

/**
 * Whether the tests run in CI, where a test whose prerequisites (root, Open vSwitch, Chromium) are missing must
 * fail instead of skipping. One rule for every test: {@code CI} set to anything but empty, {@code false} or
 * {@code 0} means CI (GitHub Actions and GitLab set {@code CI=true}, others {@code CI=1}).
 */
public final class ContinuousIntegration {

    private ContinuousIntegration() {
    }

    /**
     * Tells whether this run is a CI run.
     *
     * @return true in CI
     */
    public static boolean active() {
        return active(System.getenv("CI"));
    }

    /**
     * Applies the rule to a value of {@code CI}.
     *
     * @param ci the variable's value, null when unset
     * @return true when the value means CI
     */
    static boolean active(String ci) {
        String value = ci == null ? "" : ci.strip();
        return !value.isEmpty() && !"false".equalsIgnoreCase(value) && !"0".equals(value);
    }
}
