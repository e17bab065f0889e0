package org.safehouse.embed;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the web page bundled in the {@code lib} jar ({@value #RESOURCES}, copied there from webapp/ at package time)
 * under the library's path, whatever that path is: {@code <path>} redirects to {@code <path>/}, which is
 * {@code index.html}; the page finds its WebSocket at {@code <path>/chat} on its own. Only GET and HEAD of files
 * whose names are plain ({@value #FILE_NAME}) are answered: no directory listing, no {@code ..}, nothing outside
 * the page's directory. Missing: 404 (also when the classes run without the jar, as in this repository's tests).
 */
final class BundledPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Where the page lives on the class path. */
    static final String RESOURCES = "META-INF/resources/safehouse";
    /** Segments of letters, digits, {@code _ -} with a dot-separated extension: no {@code ..}, no hidden files. */
    private static final String FILE_NAME = "(/[A-Za-z0-9_-]+)*/[A-Za-z0-9_-]+\\.[a-z0-9]+";
    private static final Pattern PLAIN_FILE = Pattern.compile(FILE_NAME);
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml",
            "json", "application/json", "png", "image/png", "ico", "image/x-icon");

    private final String path;

    BundledPage(String path) {
        this.path = path;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getPathInfo();
        if (file == null) {
            response.sendRedirect(request.getContextPath() + path + "/");
            return;
        }
        if (file.equals("/")) {
            file = "/index.html";
        }
        Optional<String> type = type(file);
        if (type.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ClassLoader loader = BundledPage.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(type.get());
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }

    /** The content type of a plain file name Safehouse serves, or empty for anything else. */
    static Optional<String> type(String file) {
        if (!PLAIN_FILE.matcher(file).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
    }
}
