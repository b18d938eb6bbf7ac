// Apache POI HSMF bodies for the writer interop matrix (msg_write_matrix.cpp).
//   java -cp CLASSES:POI_JARS MsgWriteBodies FILE...
// Prints {"peer":"poi","files":[{"file","error","body_html","rtf"}]}: MAPIMessage.getHtmlBody()
// (PidTagHtml or PidTagBodyHtml) and getRtfBody() (PidTagRtfCompressed decompressed by HSMF's
// CompressedRTF), null when absent, after guess7BitEncoding(): MsgPoiSummary.open() and
// printFiles() of msg_poi_summary.java, compiled with this file.

final class MsgWriteBodies {
    private MsgWriteBodies() {}

    public static void main(String[] args) {
        MsgPoiSummary.printFiles(args, "\"body_html\":null,\"rtf\":null",
                m -> "\"body_html\":" + MsgPoiSummary.quote(m.getHtmlBody())
                        + ",\"rtf\":" + MsgPoiSummary.quote(m.getRtfBody()));
    }
}
