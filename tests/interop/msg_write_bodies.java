// Apache POI HSMF bodies for the writer interop matrix (msg_write_matrix.cpp).
//   java -cp CLASSES:POI_JARS MsgWriteBodies FILE...
// Prints {"peer":"poi","files":[{"file","error","body_html","rtf"}]}: MAPIMessage.getHtmlBody()
// (PidTagHtml or PidTagBodyHtml) and getRtfBody() (PidTagRtfCompressed decompressed by HSMF's
// CompressedRTF), null when absent, after guess7BitEncoding() as in msg_poi_summary.java.
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.poi.hsmf.MAPIMessage;

final class MsgWriteBodies {
    private MsgWriteBodies() {}

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ++i) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
        out.print("{\"peer\":\"poi\",\"files\":[");
        for (int i = 0; i < args.length; ++i) {
            String html = "null";
            String rtf = "null";
            String error = "null";
            try {
                MAPIMessage m = new MAPIMessage(new File(args[i]));
                m.setReturnNullOnMissingChunk(true);
                // As msg_poi_summary.java: HSMF's documented way to pick the code page.
                m.guess7BitEncoding();
                html = quote(m.getHtmlBody());
                rtf = quote(m.getRtfBody());
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                error = quote(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.print((i == 0 ? "" : ",") + "{\"file\":" + quote(args[i]) + ",\"error\":" + error
                    + ",\"body_html\":" + html + ",\"rtf\":" + rtf + "}");
        }
        out.println("]}");
        out.flush();
    }
}
