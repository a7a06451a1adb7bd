// LucenePeer.java - Lucene 4.10 (Debian's liblucene4.10-java) driven the way
// bench/peers/peers.py drives the other peers:
//
//   java LucenePeer index DB FILE.jsonl[.gz]...
//   java LucenePeer batch DB QUERIES RUN
//
// index: one IndexWriter (default settings, OpenMode.CREATE), fields id
// (stored, not analysed), title and content (IndonesianAnalyzer: lower
// case, Indonesian stop words, Tala's stemmer; content stored for the
// highlighter), then forceMerge(1) so that searches see one segment (its
// time is in the index time).
// batch: each query line's words (as peers.py's words()) as a plain OR
// query over title and content (MultiFieldQueryParser, default OR, classic
// TF-IDF similarity), top 10, a snippet per hit from the Highlighter (the
// content analysed again), each query timed; RUN gets "QNO<TAB>ID<TAB>RANK"
// lines and the summary line is peers.py's.
// JSON: a small reader for the flat objects of the corpus (no JSON jar in
// Debian's /usr/share/java here).

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LucenePeer {
    private static final Version V = Version.LUCENE_4_10_4;
    private static final Pattern WORD =
        Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("index")) {
            index(args[1], Arrays.copyOfRange(args, 2, args.length));
        } else if (args.length == 4 && args[0].equals("batch")) {
            batch(args[1], args[2], args[3]);
        } else {
            System.err.println("usage: LucenePeer index DB FILE.jsonl[.gz]...\n"
                               + "       LucenePeer batch DB QUERIES RUN");
            System.exit(2);
        }
    }

    static void index(String db, String[] paths) throws Exception {
        Analyzer analyzer = new IndonesianAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(V, analyzer);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (Directory dir = FSDirectory.open(new File(db));
             IndexWriter w = new IndexWriter(dir, cfg)) {
            for (String path : paths) {
                InputStream in = new FileInputStream(path);
                if (path.endsWith(".gz"))
                    in = new GZIPInputStream(in, 1 << 16);
                try (BufferedReader r = new BufferedReader(
                         new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.trim().isEmpty())
                            continue;
                        Map<String, String> a = new Json(line).object();
                        Document doc = new Document();
                        doc.add(new StringField("id", get(a, "id"), Field.Store.YES));
                        doc.add(new TextField("title", get(a, "title"), Field.Store.NO));
                        doc.add(new TextField("content", get(a, "content"), Field.Store.YES));
                        w.addDocument(doc);
                    }
                }
            }
            w.forceMerge(1);
        }
    }

    static String get(Map<String, String> a, String key) {
        String v = a.get(key);
        return v == null ? "" : v;
    }

    static void batch(String db, String queries, String run) throws Exception {
        Analyzer analyzer = new IndonesianAnalyzer();
        List<Double> times = new ArrayList<>();
        int nohits = 0;
        try (Directory dir = FSDirectory.open(new File(db));
             DirectoryReader reader = DirectoryReader.open(dir);
             BufferedReader in = new BufferedReader(new InputStreamReader(
                 new FileInputStream(queries), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(run, "UTF-8")) {
            IndexSearcher searcher = new IndexSearcher(reader);
            MultiFieldQueryParser qp = new MultiFieldQueryParser(
                new String[] {"title", "content"}, analyzer);
            String line;
            int qno = 0;
            while ((line = in.readLine()) != null) {
                qno++;
                line = line.trim();
                if (line.isEmpty())
                    continue;
                long t = System.nanoTime();
                List<String> ids = search(searcher, qp, analyzer, line);
                times.add((System.nanoTime() - t) / 1e6);
                if (ids.isEmpty())
                    nohits++;
                for (int rank = 1; rank <= ids.size(); rank++)
                    out.printf("%d\t%s\t%d\n", qno, ids.get(rank - 1), rank);
            }
        }
        double[] ts = new double[times.size()];
        double sum = 0;
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i);
            sum += ts[i];
        }
        Arrays.sort(ts);
        System.out.println(String.format(Locale.ROOT,
            "queries %d, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, mean %.2f ms, no hits %d",
            ts.length, pct(ts, 0.5), pct(ts, 0.95), pct(ts, 0.99),
            sum / ts.length, nohits));
    }

    // peers.py's percentile: the element at int(p * n), capped.
    static double pct(double[] ts, double p) {
        return ts[Math.min(ts.length - 1, (int) (p * ts.length))];
    }

    static List<String> search(IndexSearcher searcher, MultiFieldQueryParser qp,
                               Analyzer analyzer, String q) throws Exception {
        List<String> ids = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        Matcher m = WORD.matcher(q);
        while (m.find()) {
            // Lower case, so that AND, OR and NOT are words, not operators.
            words.append(m.group().toLowerCase(Locale.ROOT)).append(' ');
        }
        if (words.length() == 0)
            return ids;
        // \w+ words carry no query syntax; escaping is only a guard.
        Query query = qp.parse(MultiFieldQueryParser.escape(words.toString()));
        ScoreDoc[] hits = searcher.search(query, 10).scoreDocs;
        Highlighter hl = new Highlighter(new QueryScorer(query, "content"));
        hl.setTextFragmenter(new SimpleFragmenter(100));
        for (ScoreDoc h : hits) {
            Document doc = searcher.doc(h.doc);
            String content = doc.get("content");
            if (content != null)
                hl.getBestFragments(analyzer.tokenStream("content", content),
                                    content, 2, "…");
            ids.add(doc.get("id"));
        }
        return ids;
    }

    // A reader for one flat JSON object: string keys; string, number,
    // true, false or null values (numbers and literals kept as their text,
    // null as absent).
    static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Map<String, String> object() {
            Map<String, String> m = new HashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
                return m;
            }
            for (;;) {
                String key = string();
                expect(':');
                char c = peek();
                String v;
                if (c == '"') {
                    v = string();
                } else {
                    int start = i;
                    while (i < s.length() && ",} \t\r\n".indexOf(s.charAt(i)) < 0)
                        i++;
                    v = s.substring(start, i);
                    if (v.isEmpty() || v.charAt(0) == '{' || v.charAt(0) == '[')
                        throw new IllegalArgumentException("not a flat object at " + start);
                    if (v.equals("null"))
                        v = null;
                }
                if (v != null)
                    m.put(key, v);
                c = peek();
                i++;
                if (c == '}')
                    return m;
                if (c != ',')
                    throw new IllegalArgumentException("expected , or } at " + (i - 1));
            }
        }

        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i)))
                i++;
            if (i >= s.length())
                throw new IllegalArgumentException("truncated JSON");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c)
                throw new IllegalArgumentException("expected " + c + " at " + i);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            for (;;) {
                char c = s.charAt(i++);
                if (c == '"')
                    return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                c = s.charAt(i++);
                switch (c) {
                case 'n': b.append('\n'); break;
                case 't': b.append('\t'); break;
                case 'r': b.append('\r'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'u':   // surrogate pairs come as two escapes, appended in turn
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default: b.append(c);   // " \ /
                }
            }
        }
    }
}
