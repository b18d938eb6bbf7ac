// Apache POI HSMF peer for the .msg interop test and benchmark (Debian libapache-poi-java).
//   java -cp CLASSES:POI_JARS MsgPoiSummary FILE...
//       prints {"peer":"poi","files":[{"file","error","summary"}]} in msg_summary's shape.
//   java -cp CLASSES:POI_JARS MsgPoiSummary --bench R FILE...
//       parses every file R times (every chunk, property value, attachment and embedded
//       message touched) and prints one JSON line for the best pass.
// Strings come from the chunks of the property named in msg_summary_json.cpp
// (PidTagDisplayName, PidTagEmailAddress, ...), not from HSMF's convenience getters that mix
// several properties. The other POI runners (msg_write_bodies.java, oms_poi_summary.java) are
// compiled with this one and use its helpers; this file stands alone (bench/run_msg.sh).
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.datatypes.AttachmentChunks;
import org.apache.poi.hsmf.datatypes.ByteChunk;
import org.apache.poi.hsmf.datatypes.Chunk;
import org.apache.poi.hsmf.datatypes.MAPIProperty;
import org.apache.poi.hsmf.datatypes.PropertyValue;
import org.apache.poi.hsmf.datatypes.RecipientChunks;
import org.apache.poi.hsmf.datatypes.StringChunk;

final class MsgPoiSummary {
    private MsgPoiSummary() {}

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

    static String text(StringChunk c) {
        return c == null ? null : c.getValue();
    }

    /** The string chunk of property `id`: RecipientChunks' own fields pair 0x3001 with the
     *  field named recipientDisplayNameChunk, so chunks are picked by their property id. */
    static String chunkText(Chunk[] chunks, int id) {
        for (Chunk c : chunks) {
            if (c.getChunkId() == id && c instanceof StringChunk) {
                return ((StringChunk) c).getValue();
            }
        }
        return null;
    }

    static String recipientType(RecipientChunks r) {
        List<PropertyValue> values = r.getProperties().get(MAPIProperty.RECIPIENT_TYPE);
        if (values == null || values.isEmpty() || values.get(0).getValue() == null) {
            return "null";
        }
        // Low nibble: the kind; higher bits are resend flags (MS-OXOMSG 2.2.3.1).
        return Integer.toString(((Number) values.get(0).getValue()).intValue() & 0x0F);
    }

    static String summary(MAPIMessage m) throws Exception {
        StringBuilder b = new StringBuilder("{");
        b.append("\"class\":").append(quote(m.getStringFromChunk(m.getMainChunks().getMessageClass())));
        b.append(",\"subject\":").append(quote(m.getSubject()));
        b.append(",\"sender_name\":").append(quote(m.getDisplayFrom()));
        b.append(",\"sender_email\":").append(quote(text(m.getMainChunks().getEmailFromChunk())));
        b.append(",\"recipients\":[");
        RecipientChunks[] recipients = m.getRecipientDetailsChunks();
        for (int i = 0; recipients != null && i < recipients.length; ++i) {
            RecipientChunks r = recipients[i];
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(chunkText(r.getChunks(), 0x3001)));
            b.append(",\"email\":").append(quote(chunkText(r.getChunks(), 0x3003)));
            b.append(",\"type\":").append(recipientType(r)).append('}');
        }
        b.append("],\"attachments\":[");
        AttachmentChunks[] attachments = m.getAttachmentFiles();
        for (int i = 0; attachments != null && i < attachments.length; ++i) {
            AttachmentChunks a = attachments[i];
            ByteChunk data = a.getAttachData();
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(text(a.getAttachLongFileName())));
            b.append(",\"size\":").append(data == null ? "null" : Integer.toString(data.getValue().length));
            b.append(",\"mime\":").append(quote(text(a.getAttachMimeTag()))).append('}');
        }
        b.append("],\"body_text\":").append(quote(m.getTextBody())).append('}');
        return b.toString();
    }

    static MAPIMessage open(String path) throws Exception {
        MAPIMessage m = new MAPIMessage(new File(path));
        m.setReturnNullOnMissingChunk(true);
        // HSMF's documented way to decode PtypString8 with the message's own code page.
        m.guess7BitEncoding();
        return m;
    }

    static long touch(Chunk c) {
        if (c instanceof StringChunk) {
            return ((StringChunk) c).getValue().length();
        }
        if (c instanceof ByteChunk) {
            return ((ByteChunk) c).getValue().length;
        }
        return 0;
    }

    static long touchProperties(Map<MAPIProperty, List<PropertyValue>> props) {
        long n = 0;
        for (List<PropertyValue> values : props.values()) {
            for (PropertyValue v : values) {
                n += v.getValue() == null ? 0 : 1;
            }
        }
        return n;
    }

    /** Everything HSMF can give: chunks, fixed properties, recipients, attachments. */
    static long touchAll(MAPIMessage m) throws Exception {
        long n = 0;
        for (Chunk c : m.getMainChunks().getChunks()) {
            n += touch(c);
        }
        n += touchProperties(m.getMainChunks().getProperties());
        for (RecipientChunks r : m.getRecipientDetailsChunks()) {
            for (Chunk c : r.getChunks()) {
                n += touch(c);
            }
            n += touchProperties(r.getProperties());
        }
        for (AttachmentChunks a : m.getAttachmentFiles()) {
            for (Chunk c : a.getChunks()) {
                n += touch(c);
            }
            if (a.isEmbeddedMessage()) {
                MAPIMessage inner = a.getEmbeddedMessage();
                inner.setReturnNullOnMissingChunk(true);
                n += touchAll(inner);
            }
        }
        String body = m.getTextBody();
        return n + (body == null ? 0 : body.length());
    }

    static void bench(int repeat, String[] files, PrintStream out) {
        double best = Double.MAX_VALUE;
        long bytes = 0;
        long errors = 0;
        long checksum = 0;
        for (int r = 0; r < repeat; ++r) {
            long passBytes = 0;
            long passErrors = 0;
            long passSum = 0;
            long start = System.nanoTime();
            for (String f : files) {
                passBytes += new File(f).length();
                try {
                    passSum += touchAll(open(f));
                } catch (Exception e) {
                    ++passErrors;
                }
            }
            double took = (System.nanoTime() - start) / 1e9;
            if (took < best) {
                best = took;
                bytes = passBytes;
                errors = passErrors;
                checksum = passSum;
            }
        }
        out.println("{\"peer\":\"poi\",\"files\":" + files.length + ",\"bytes\":" + bytes
                + ",\"seconds\":" + best + ",\"errors\":" + errors + ",\"checksum\":" + checksum + "}");
    }

    /** What a runner prints of one opened file: the JSON members after "file" and "error". */
    interface Members {
        String of(MAPIMessage m) throws Exception;
    }

    /** Prints {"peer":"poi","files":[{"file","error",MEMBERS}]}: MEMBERS are `members` of the
     *  opened file, or `absent` when HSMF refuses it. */
    static void printFiles(String[] files, String absent, Members members) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        // HSMF logs through commons-logging; keep stderr for real failures.
        System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
        out.print("{\"peer\":\"poi\",\"files\":[");
        for (int i = 0; i < files.length; ++i) {
            String shown = absent;
            String error = "null";
            try {
                shown = members.of(open(files[i]));
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                error = quote(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.print((i == 0 ? "" : ",") + "{\"file\":" + quote(files[i]) + ",\"error\":" + error
                    + "," + shown + "}");
        }
        out.println("]}");
        out.flush();
    }

    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("--bench")) {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
            String[] files = java.util.Arrays.copyOfRange(args, 2, args.length);
            bench(Integer.parseInt(args[1]), files, out);
            out.flush();
            return;
        }
        printFiles(args, "\"summary\":null", m -> "\"summary\":" + summary(m));
    }
}
