// The query index (graph.jsonld.idx) and GraphFile, which reads it.
//
// Layout, all integers little-endian; a string is u32 length + bytes; "check"
// is a u64 Checksum64 (kg/checksum.h) of the section's bytes before it:
//   header:    "KGQIDX05"  u64 jsonld size  u64 jsonld checksum (all its bytes)
//              u32 nodes  u32 edges  u32 documents  check
//   nodes:     per node: str id, u8 type, str name, u32 n + n str aliases, u32 mentions,
//              str country, str jurisdiction, u32 n + n u32 documents (indices); then check
//   edges:     per edge: u32 source, u32 target, u8 type, u32 firstSeen, u32 lastSeen
//              (packDate), u32 weight, u64 begin, u64 end (the statement's bytes in
//              the JSON-LD); then check
//   documents: per document: str id, path, title, date, encoding, sha256, u64 bytes,
//              u32 n + n u32 mentioned nodes; then check
//   "KGQEND01"
#include "kg/graph_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <streambuf>
#include <unordered_map>

#include "detail/jsonld_internal.h"
#include "kg/checksum.h"
#include "kg/error.h"
#include "kg/exports.h"

namespace kg {

namespace {

// 02: node documents as indices, dates as numbers; 03: country; 04: checksums; 05: jurisdiction
constexpr char kMagic[] = "KGQIDX05";
constexpr char kEnd[] = "KGQEND01";

class Out {
 public:
  explicit Out(std::ostream& os) : os_(os) {}
  void u8(uint8_t v) {
    char c = static_cast<char>(v);
    raw(&c, 1);
  }
  void u32(uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
    raw(b, 4);
  }
  void u64(uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    raw(b, 8);
  }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void raw(const char* s, size_t n) {
    section_.update(std::string_view(s, n));
    os_.write(s, static_cast<std::streamsize>(n));
  }
  // Ends a section: its checksum, not itself part of the next section.
  void seal() {
    uint64_t v = section_.value();
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    os_.write(b, 8);
    section_ = Checksum64{};
  }

 private:
  std::ostream& os_;
  Checksum64 section_;
};

// Reads the index; any inconsistency throws Damaged (the caller falls back to
// the JSON-LD), so a damaged or foreign file can never be read out of bounds.
struct Damaged {
  std::string why;
};

class In {
 public:
  explicit In(std::string_view b) : b_(b) {}
  uint8_t u8() { return static_cast<uint8_t>(take(1)[0]); }
  uint32_t u32() {
    auto p = take(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  }
  uint64_t u64() {
    auto p = take(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  }
  std::string str() {
    uint32_t n = u32();
    return std::string(take(n));
  }
  // A count of items that take at least `minBytes` each: checked against what is left.
  uint32_t count(size_t minBytes) {
    uint32_t n = u32();
    if (static_cast<uint64_t>(n) * minBytes > b_.size() - at_) throw Damaged{"a count runs past the end"};
    return n;
  }
  std::string_view take(size_t n) {
    if (n > b_.size() - at_) throw Damaged{"truncated"};
    auto s = b_.substr(at_, n);
    at_ += n;
    return s;
  }
  bool done() const { return at_ == b_.size(); }
  // The end of a section: its checksum must match the bytes read since the last one.
  void seal(const char* section) {
    size_t end = at_;
    uint64_t want = u64();
    if (checksum64(b_.substr(start_, end - start_)) != want)
      throw Damaged{std::string("its ") + section + " do not match their checksum"};
    start_ = at_;
  }

 private:
  std::string_view b_;
  size_t at_ = 0;
  size_t start_ = 0;  // of the current section
};

bool regularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// False when the file is missing, not a regular file or cannot be read.
bool readWhole(const std::string& path, std::string& out) {
  if (!regularFile(path)) return false;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  auto size = in.tellg();
  if (size < 0) return false;
  out.resize(static_cast<size_t>(size));
  in.seekg(0);
  return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(out.size())));
}

}  // namespace

std::string queryIndexPath(const std::string& jsonldPath) { return jsonldPath + ".idx"; }

detail::FileFingerprint detail::fingerprintOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw IoError(path + ": cannot read graph file (run `kg build` first, or pass --graph FILE)");
  if (!S_ISREG(st.st_mode)) throw IoError(path + ": cannot read graph file: not a regular file");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path + ": cannot read graph file: " + std::strerror(errno));
  Checksum64 sum;
  std::string buf(1 << 20, '\0');
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      throw IoError(path + ": read error: " + std::strerror(err));
    }
    if (n == 0) break;
    sum.update(std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return FileFingerprint{sum.bytes(), sum.value()};
}

namespace {

// Passes every byte on to another stream buffer, summing it on the way.
class SummingBuf : public std::streambuf {
 public:
  explicit SummingBuf(std::streambuf* out) : out_(out), buf_(1 << 16) { setp(buf_.data(), buf_.data() + buf_.size()); }
  const Checksum64& sum() const { return sum_; }

 protected:
  int overflow(int c) override {
    if (!drain()) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() && out_->pubsync() == 0 ? 0 : -1; }

 private:
  bool drain() {
    auto n = static_cast<std::streamsize>(pptr() - pbase());
    sum_.update(std::string_view(pbase(), static_cast<size_t>(n)));
    bool ok = out_->sputn(pbase(), n) == n;
    setp(buf_.data(), buf_.data() + buf_.size());
    return ok;
  }
  std::streambuf* out_;
  std::vector<char> buf_;
  Checksum64 sum_;
};

}  // namespace

detail::FileFingerprint detail::writeJsonLdFingerprinted(const Graph& g, std::ostream& out,
                                                         std::vector<ByteRange>* statements) {
  SummingBuf buf(out.rdbuf());
  std::ostream summed(&buf);
  writeJsonLd(g, summed, statements);
  summed.flush();
  if (!summed) out.setstate(std::ios::badbit);
  return FileFingerprint{buf.sum().bytes(), buf.sum().value()};
}

void detail::writeQueryIndex(const Graph& g, const std::vector<ByteRange>& statements, const FileFingerprint& jsonld,
                             std::ostream& os) {
  Out o(os);
  o.raw(kMagic, 8);
  o.u64(jsonld.size);
  o.u64(jsonld.checksum);
  o.u32(static_cast<uint32_t>(g.nodes.size()));
  o.u32(static_cast<uint32_t>(g.edges.size()));
  o.u32(static_cast<uint32_t>(g.documents.size()));
  o.seal();
  for (const auto& n : g.nodes) {
    o.str(n.id);
    o.u8(static_cast<uint8_t>(n.type));
    o.str(n.name);
    o.u32(static_cast<uint32_t>(n.aliases.size()));
    for (const auto& a : n.aliases) o.str(a);
    o.u32(n.mentions);
    o.str(n.country);
    o.str(n.jurisdiction);
    o.u32(static_cast<uint32_t>(n.documents.size()));
    for (uint32_t d : n.documents) o.u32(d);
  }
  o.seal();
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    o.u32(e.source);
    o.u32(e.target);
    o.u8(static_cast<uint8_t>(e.type));
    o.u32(e.firstSeen);
    o.u32(e.lastSeen);
    o.u32(e.weight());
    o.u64(statements.at(i).begin);
    o.u64(statements.at(i).end);
  }
  o.seal();
  for (const auto& d : g.documents) {
    o.str(d.id);
    o.str(d.path);
    o.str(d.title);
    o.str(d.date);
    o.str(d.encoding);
    o.str(d.sha256);
    o.u64(d.bytes);
    o.u32(static_cast<uint32_t>(d.mentions.size()));
    for (uint32_t m : d.mentions) o.u32(m);
  }
  o.seal();
  o.raw(kEnd, 8);
}

struct GraphFile::Impl {
  std::string path;
  Graph graph;
  bool indexed = false;
  std::string note;
  std::vector<detail::ByteRange> ranges;  // per edge, when indexed
  std::vector<uint32_t> weights;          // per edge, when indexed
  std::vector<bool> loaded;               // per edge, when indexed
  std::unordered_map<std::string, uint32_t> docIndex;  // document id -> index, made when first needed

  // Reads the index into graph/ranges; throws Damaged. `jsonld` sums the
  // whole JSON-LD (only once the index's own header is found intact);
  // `jsonldSize` is its size on disk.
  template <typename Fingerprint>
  void readIndex(std::string_view bytes, uint64_t jsonldSize, Fingerprint jsonld) {
    In in(bytes);
    if (in.take(8) != std::string_view(kMagic, 8)) throw Damaged{"not a kg query index"};
    detail::FileFingerprint f;
    f.size = in.u64();
    f.checksum = in.u64();
    uint32_t nodes = in.count(25), edges = in.count(37), docs = in.count(36);  // smallest encodings
    in.seal("header");
    if (f.size != jsonldSize) throw Damaged{"it was written for another version of the JSON-LD"};
    if (!(f == jsonld())) throw Damaged{"the JSON-LD does not match the checksum it records: changed since the build?"};
    graph.nodes.resize(nodes);
    for (auto& n : graph.nodes) {
      n.id = in.str();
      uint8_t t = in.u8();
      if (t >= kNodeTypeCount) throw Damaged{"bad node type"};
      n.type = static_cast<NodeType>(t);
      n.name = in.str();
      n.aliases.resize(in.count(4));
      for (auto& a : n.aliases) a = in.str();
      n.mentions = in.u32();
      n.country = in.str();
      n.jurisdiction = in.str();
      n.documents.resize(in.count(4));
      for (auto& d : n.documents) {
        d = in.u32();
        if (d >= docs) throw Damaged{"bad document of a node"};
      }
    }
    in.seal("nodes");
    for (size_t i = 1; i < graph.nodes.size(); ++i)
      if (!(graph.nodes[i - 1].id < graph.nodes[i].id)) throw Damaged{"node ids out of order"};
    graph.edges.resize(edges);
    ranges.resize(edges);
    weights.resize(edges);
    for (size_t i = 0; i < edges; ++i) {
      Edge& e = graph.edges[i];
      e.source = in.u32();
      e.target = in.u32();
      uint8_t t = in.u8();
      if (e.source >= nodes || e.target >= nodes || t >= kEdgeTypeCount) throw Damaged{"bad edge"};
      e.type = static_cast<EdgeType>(t);
      e.firstSeen = in.u32();
      e.lastSeen = in.u32();
      weights[i] = in.u32();
      ranges[i].begin = in.u64();
      ranges[i].end = in.u64();
      if (ranges[i].begin >= ranges[i].end || ranges[i].end > f.size || ranges[i].end - ranges[i].begin > (1u << 30))
        throw Damaged{"bad statement range"};
    }
    in.seal("edges");
    graph.documents.resize(docs);
    for (auto& d : graph.documents) {
      d.id = in.str();
      d.path = in.str();
      d.title = in.str();
      d.date = in.str();
      d.encoding = in.str();
      d.sha256 = in.str();
      d.bytes = in.u64();
      d.mentions.resize(in.count(4));
      for (auto& m : d.mentions) {
        m = in.u32();
        if (m >= nodes) throw Damaged{"bad mention"};
      }
    }
    in.seal("documents");
    if (in.take(8) != std::string_view(kEnd, 8) || !in.done()) throw Damaged{"bad end marker"};
    loaded.assign(edges, false);
  }
};

GraphFile::GraphFile(const std::string& jsonldPath) : impl_(std::make_unique<Impl>()) {
  impl_->path = jsonldPath;
  std::string idxPath = queryIndexPath(jsonldPath);
  std::string bytes;
  if (readWhole(idxPath, bytes)) {
    try {
      struct stat st {};
      uint64_t size = ::stat(jsonldPath.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
      impl_->readIndex(bytes, size, [&] { return detail::fingerprintOf(jsonldPath); });
      impl_->indexed = true;
      return;
    } catch (const Damaged& d) {
      impl_->note = idxPath + " not used (" + d.why + "); reading the whole JSON-LD";
      impl_->graph = Graph{};
      impl_->ranges.clear();
      impl_->weights.clear();
    }
  }
  impl_->graph = loadJsonLd(jsonldPath);
}

GraphFile::~GraphFile() = default;
const Graph& GraphFile::graph() const { return impl_->graph; }
bool GraphFile::indexed() const { return impl_->indexed; }
const std::string& GraphFile::indexNote() const { return impl_->note; }

void GraphFile::loadEvidence(const std::vector<uint32_t>& edges) {
  Impl& m = *impl_;
  if (!m.indexed) return;
  std::ifstream in;
  std::string buf;
  for (uint32_t e : edges) {
    if (e >= m.graph.edges.size() || m.loaded[e]) continue;
    if (!in.is_open()) {
      in.open(m.path, std::ios::binary);
      if (!in) throw IoError(m.path + ": cannot read graph file");
    }
    const auto& r = m.ranges[e];
    buf.resize(r.end - r.begin);
    in.seekg(static_cast<std::streamoff>(r.begin));
    if (!in.read(buf.data(), static_cast<std::streamsize>(buf.size()))) throw IoError(m.path + ": read error");
    Edge& edge = m.graph.edges[e];
    auto stale = [&] {
      return FormatError(m.path + " does not match its index " + queryIndexPath(m.path) +
                         " (changed after the build?): delete the index or run kg build again");
    };
    detail::ParsedStatement st;
    try {
      st = detail::parseStatement(buf, m.path + " at byte " + std::to_string(r.begin), m.graph.texts, m.graph.rules);
    } catch (const FormatError&) {
      throw stale();
    }
    if (st.subject != m.graph.nodes[edge.source].id || st.object != m.graph.nodes[edge.target].id ||
        st.edge.type != edge.type || st.edge.evidence.size() != m.weights[e])
      throw stale();
    if (m.docIndex.empty())
      for (uint32_t d = 0; d < m.graph.documents.size(); ++d) m.docIndex.emplace(m.graph.documents[d].id, d);
    for (size_t i = 0; i < st.edge.evidence.size(); ++i) {
      auto it = m.docIndex.find(st.documents[i]);
      if (it == m.docIndex.end()) throw stale();
      st.edge.evidence[i].document = it->second;
    }
    edge.evidence = std::move(st.edge.evidence);
    m.loaded[e] = true;
  }
}

}  // namespace kg
