// Apache POI HSMF peer for the SMS/MMS interop test (oms_interop_test.cpp; Debian
// libapache-poi-java 4.0.1).
//   java -cp CLASSES:POI_JARS OmsPoiSummary FILE...
// Prints {"peer":"poi","files":[{"file","error","summary"}]} through MsgPoiSummary.printFiles()
// (msg_poi_summary.java, compiled with this file), after guess7BitEncoding(). The summary holds class, subject, getTextBody(), getHtmlBody(), sender
// and recipients (name, address, address type: the string chunks of PidTagSenderName,
// PidTagSenderEmailAddress, PidTagSenderAddressType, PidTagDisplayName, PidTagEmailAddress,
// PidTagAddressType), every attachment (long file name, data as size and SHA-256, MIME tag,
// Content-ID, and PidTagAttachmentHidden from the attachment's property stream) and the
// message's properties with ids from 0x8000 as {id, value}: HSMF 4.0.1 keeps the
// __nameid_version1.0 streams only as raw chunks (NameIdChunks), so it cannot name them.
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.datatypes.AttachmentChunks;
import org.apache.poi.hsmf.datatypes.ByteChunk;
import org.apache.poi.hsmf.datatypes.Chunk;
import org.apache.poi.hsmf.datatypes.MAPIProperty;
import org.apache.poi.hsmf.datatypes.PropertiesChunk;
import org.apache.poi.hsmf.datatypes.PropertyValue;
import org.apache.poi.hsmf.datatypes.RecipientChunks;
import org.apache.poi.hsmf.datatypes.StringChunk;

final class OmsPoiSummary {
    private OmsPoiSummary() {}

    private static final int FIRST_NAMED_ID = 0x8000;
    private static final int ATTACHMENT_HIDDEN = 0x7FFE;
    private static final int RECIPIENT_TYPE = 0x0C15;

    /** The first value of property `id` among a property stream's fixed-size values. */
    static Object fixedValue(Map<MAPIProperty, List<PropertyValue>> properties, int id) {
        for (Map.Entry<MAPIProperty, List<PropertyValue>> e : properties.entrySet()) {
            if (e.getKey().id == id && !e.getValue().isEmpty()) {
                return e.getValue().get(0).getValue();
            }
        }
        return null;
    }

    static Map<MAPIProperty, List<PropertyValue>> attachmentProperties(AttachmentChunks a) {
        for (Chunk c : a.getAll()) {
            if (c instanceof PropertiesChunk) {
                return ((PropertiesChunk) c).getProperties();
            }
        }
        return Collections.emptyMap();
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return MsgPoiSummary.quote((String) v);
        }
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        if (v instanceof Calendar) {
            return MsgPoiSummary.quote(((Calendar) v).toInstant().toString());
        }
        return MsgPoiSummary.quote(v.getClass().getSimpleName());
    }

    static String sha256(byte[] data) throws Exception {
        StringBuilder b = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(data)) {
            b.append(String.format("%02x", x & 0xFF));
        }
        return b.toString();
    }

    /** Ids from 0x8000: fixed-size values from the property stream, strings from chunks. */
    static String named(MAPIMessage m) {
        TreeMap<Integer, Object> values = new TreeMap<>();
        for (Map.Entry<MAPIProperty, List<PropertyValue>> e :
                m.getMainChunks().getProperties().entrySet()) {
            if (e.getKey().id >= FIRST_NAMED_ID && !e.getValue().isEmpty()) {
                values.put(e.getKey().id, e.getValue().get(0).getValue());
            }
        }
        for (Chunk c : m.getMainChunks().getChunks()) {
            if (c.getChunkId() >= FIRST_NAMED_ID && c instanceof StringChunk) {
                values.put(c.getChunkId(), ((StringChunk) c).getValue());
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, Object> e : values.entrySet()) {
            out.add("{\"id\":" + e.getKey() + ",\"value\":" + json(e.getValue()) + "}");
        }
        return "[" + String.join(",", out) + "]";
    }

    static String summary(MAPIMessage m) throws Exception {
        Chunk[] main = m.getMainChunks().getChunks();
        StringBuilder b = new StringBuilder("{");
        b.append("\"class\":").append(MsgPoiSummary.quote(m.getStringFromChunk(m.getMainChunks().getMessageClass())));
        b.append(",\"subject\":").append(MsgPoiSummary.quote(m.getSubject()));
        b.append(",\"body_text\":").append(MsgPoiSummary.quote(m.getTextBody()));
        b.append(",\"body_html\":").append(MsgPoiSummary.quote(m.getHtmlBody()));
        b.append(",\"sender\":{\"name\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(main, 0x0C1A)));
        b.append(",\"email\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(main, 0x0C1F)));
        b.append(",\"address_type\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(main, 0x0C1E))).append('}');
        b.append(",\"recipients\":[");
        RecipientChunks[] recipients = m.getRecipientDetailsChunks();
        for (int i = 0; recipients != null && i < recipients.length; ++i) {
            Chunk[] r = recipients[i].getChunks();
            Object type = fixedValue(recipients[i].getProperties(), RECIPIENT_TYPE);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(r, 0x3001)));
            b.append(",\"email\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(r, 0x3003)));
            b.append(",\"address_type\":").append(MsgPoiSummary.quote(MsgPoiSummary.chunkText(r, 0x3002)));
            b.append(",\"type\":").append(json(type)).append('}');
        }
        b.append("],\"attachments\":[");
        AttachmentChunks[] attachments = m.getAttachmentFiles();
        for (int i = 0; attachments != null && i < attachments.length; ++i) {
            AttachmentChunks a = attachments[i];
            ByteChunk data = a.getAttachData();
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(MsgPoiSummary.quote(MsgPoiSummary.text(a.getAttachLongFileName())));
            b.append(",\"size\":").append(data == null ? "null" : Integer.toString(data.getValue().length));
            b.append(",\"sha256\":").append(data == null ? "null" : MsgPoiSummary.quote(sha256(data.getValue())));
            b.append(",\"mime\":").append(MsgPoiSummary.quote(MsgPoiSummary.text(a.getAttachMimeTag())));
            b.append(",\"content_id\":").append(MsgPoiSummary.quote(MsgPoiSummary.text(a.getAttachContentId())));
            b.append(",\"hidden\":").append(json(fixedValue(attachmentProperties(a), ATTACHMENT_HIDDEN)));
            b.append('}');
        }
        b.append("],\"named\":").append(named(m)).append('}');
        return b.toString();
    }

    public static void main(String[] args) {
        MsgPoiSummary.printFiles(args, "\"summary\":null", m -> "\"summary\":" + summary(m));
    }
}
