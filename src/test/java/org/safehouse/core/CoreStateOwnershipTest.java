package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "State has one owner" (STYLE habit 13, docs/ARCHITECTURE.md): no class of the core exposes a field to the others
 * (records excepted: their components are read through accessors), and no handler is handed the whole server.
 */
class CoreStateOwnershipTest {
    private static final Path CORE = Path.of("src/main/java/org/safehouse/core");

    @Test
    void noCoreClassExposesAField() throws Exception {
        List<String> exposed = new ArrayList<>();
        for (Class<?> type : coreClasses()) {
            if (type.isRecord() || type.isInterface()) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                boolean constant = Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers);
                if (!Modifier.isPrivate(modifiers) && !constant && !field.isSynthetic()) {
                    exposed.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertEquals(List.of(), exposed, "fields another class could read or change; use a method of the owner");
    }

    @Test
    void onlyTheTransportAndTestsHoldTheServer() throws Exception {
        List<String> holders = new ArrayList<>();
        for (Class<?> type : coreClasses()) {
            if (type == ChatServer.class) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == ChatServer.class) {
                    holders.add(type.getSimpleName() + "." + field.getName());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Class<?> parameter : constructor.getParameterTypes()) {
                    if (parameter == ChatServer.class) {
                        holders.add(type.getSimpleName() + "(ChatServer)");
                    }
                }
            }
        }
        assertEquals(List.of(), holders, "handlers get a ChatContext, not the server");
    }

    /** Every top-level class of src/main/java/org/safehouse/core, and the nested ones other classes can see. */
    private static List<Class<?>> coreClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORE)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".java") || name.equals("package-info.java")) {
                    continue;
                }
                Class<?> type = Class.forName("org.safehouse.core." + name.substring(0, name.length() - 5));
                classes.add(type);
                for (Class<?> nested : type.getDeclaredClasses()) {
                    if (!Modifier.isPrivate(nested.getModifiers())) { // a private one is its owner's own business
                        classes.add(nested);
                    }
                }
            }
        }
        return classes;
    }
}
