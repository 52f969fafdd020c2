package io.github.proxysessions.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads the handler's classes again, from the same class files, except one, as if the function's jar had been built
 * without it: using that class then throws {@link NoClassDefFoundError}, a {@link LinkageError}, which no resource kind
 * answers itself. Everything outside the handler's package (the SDK, Powertools, the event classes) comes from the
 * test's own class loader, so the handler built here takes the test's client, response client and events.
 */
final class MissingClassLoader extends ClassLoader {

    private static final String PACKAGE = ProxySessionHandler.class.getPackageName() + ".";

    private final String missing;

    MissingClassLoader(Class<?> missing) {
        super("without-" + missing.getSimpleName(), ProxySessionHandler.class.getClassLoader());
        this.missing = missing.getName();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        if (name.equals(missing) || name.startsWith(missing + "$")) {
            throw new ClassNotFoundException(name + " is missing");
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = define(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
