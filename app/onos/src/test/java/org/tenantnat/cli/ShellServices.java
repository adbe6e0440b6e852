package org.tenantnat.cli;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.connect.FrameworkUtilHelper;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services a shell command finds in these tests, where there is no OSGi framework.
 * <p>
 * {@code AbstractShellCommand.get()} asks onlab's {@code DefaultServiceDirectory}, which asks OSGi's
 * {@code FrameworkUtil} for the bundle of the service's interface and that bundle's context for the service.
 * OSGi Core R8's {@code FrameworkUtil} consults {@link FrameworkUtilHelper} services (OSGi Connect, found with
 * {@link java.util.ServiceLoader}) for a class that no bundle loaded; this helper answers with a bundle whose
 * context holds the services registered here. The commands run unchanged, services and all.
 */
public final class ShellServices implements FrameworkUtilHelper {

    private static final Map<Class<?>, Object> SERVICES = new ConcurrentHashMap<>();

    private static final BundleContext CONTEXT = proxy(BundleContext.class, (p, method, args) -> {
        switch (method.getName()) {
            case "getServiceReference":
                return args[0] instanceof Class && SERVICES.containsKey(args[0])
                        ? reference((Class<?>) args[0]) : null;
            case "getService":
                return SERVICES.get(((ServiceReference<?>) args[0]).getProperty("objectClass"));
            default:
                throw new UnsupportedOperationException(method.getName());
        }
    });

    private static final Bundle BUNDLE = proxy(Bundle.class, (p, method, args) -> {
        if ("getBundleContext".equals(method.getName())) {
            return CONTEXT;
        }
        throw new UnsupportedOperationException(method.getName());
    });

    /**
     * Makes a service available to commands.
     *
     * @param serviceClass the interface commands ask for
     * @param service      the service
     * @param <T>          service type
     */
    public static <T> void register(Class<T> serviceClass, T service) {
        SERVICES.put(serviceClass, service);
    }

    /**
     * Removes every service.
     */
    public static void clear() {
        SERVICES.clear();
    }

    @Override
    public Optional<Bundle> getBundle(Class<?> classFromBundle) {
        return Optional.of(BUNDLE);
    }

    private static ServiceReference<?> reference(Class<?> serviceClass) {
        return proxy(ServiceReference.class, (p, method, args) -> {
            if ("getProperty".equals(method.getName()) && "objectClass".equals(args[0])) {
                return serviceClass;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(ShellServices.class.getClassLoader(), new Class<?>[]{type},
                                                handler));
    }
}
