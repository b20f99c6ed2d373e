#include "kg/build_cache.h"

#include "detail/temp_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <ostream>
#include <sstream>

#include "kg/checksum.h"
#include "kg/error.h"

namespace kg {

namespace {

// 2: every line starts with {"check":"<16 hex digits>", a Checksum64 of the
// line without that member (kg/checksum.h).
constexpr int kCacheVersion = 3;  // 3: an entity's nameWritten
constexpr std::string_view kCheckOpen = "{\"check\":\"";
constexpr size_t kCheckLength = 10 + 16 + 2;  // {"check":" + digits + ",
// JSON nested deeper than this is refused (the cache's own lines are 4 deep).
constexpr int kMaxDepth = 64;

// A line as written: `json` (an object with members) with its checksum as first member.
std::string sealed(std::string_view json) {
  std::string out(kCheckOpen);
  out += checksumHex(checksum64(json));
  out += "\",";
  out.append(json.substr(1));
  return out;
}
// Whether a line carries its checksum and the checksum matches.
bool intact(std::string_view line) {
  uint64_t want = 0;
  if (line.size() <= kCheckLength || line.substr(0, kCheckOpen.size()) != kCheckOpen ||
      !parseChecksumHex(line.substr(kCheckOpen.size(), 16), want) || line.substr(kCheckLength - 2, 2) != "\",")
    return false;
  Checksum64 c;
  c.update("{");
  c.update(line.substr(kCheckLength));
  return c.value() == want;
}
constexpr const char* kDamaged = "damaged line: its checksum does not match its content";
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void span(Writer& w, Span s) {
  w.StartArray();
  w.Uint(s.begin);
  w.Uint(s.end);
  w.EndArray();
}

void writeDocument(Writer& w, const CachedDocument& c) {
  const DocumentContribution& k = c.contribution;
  const DocumentNode& d = k.document;
  w.StartObject();
  w.Key("path");
  str(w, c.path);
  w.Key("size");
  w.Uint64(c.size);
  w.Key("mtime");
  w.Int64(c.mtime);
  w.Key("sha256");
  str(w, d.sha256);
  w.Key("title");
  str(w, d.title);
  w.Key("date");
  str(w, d.date);
  w.Key("encoding");
  str(w, d.encoding);
  w.Key("bytes");
  w.Uint64(d.bytes);
  w.Key("entities");
  w.StartArray();
  for (const auto& e : k.entities) {
    w.StartArray();
    str(w, toString(e.type));
    str(w, e.name);
    w.StartArray();
    for (const auto& a : e.aliases) str(w, a);
    w.EndArray();
    str(w, e.lexiconId);
    w.Uint(e.mentions);
    w.Bool(e.nameWritten);
    w.EndArray();
  }
  w.EndArray();
  w.Key("facts");
  w.StartArray();
  for (const auto& f : k.facts) {
    w.StartArray();
    str(w, toString(f.type));
    w.Uint(f.source);
    w.Uint(f.target);
    w.Uint(f.evidence.sentence);
    span(w, f.evidence.span);
    span(w, f.evidence.original);
    str(w, f.evidence.text);
    str(w, f.evidence.rule);
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
}

struct Reader {
  std::string name;
  size_t line = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(name + ":" + std::to_string(line) + ": " + what);
  }
  const rapidjson::Value& member(const rapidjson::Value& o, const char* k) const {
    auto it = o.FindMember(k);
    if (it == o.MemberEnd()) fail(std::string("missing \"") + k + "\"");
    return it->value;
  }
  std::string s(const rapidjson::Value& v) const {
    if (!v.IsString()) fail("expected a string");
    return std::string(v.GetString(), v.GetStringLength());
  }
  uint64_t u(const rapidjson::Value& v) const {
    if (!v.IsUint64()) fail("expected a non-negative integer");
    return v.GetUint64();
  }
  uint32_t u32(const rapidjson::Value& v) const {
    if (!v.IsUint()) fail("expected a 32-bit non-negative integer");
    return v.GetUint();
  }
  const rapidjson::Value& arr(const rapidjson::Value& v, size_t n = 0) const {
    if (!v.IsArray() || (n && v.Size() != n)) fail(n ? "expected an array of " + std::to_string(n) : "expected an array");
    return v;
  }
  Span sp(const rapidjson::Value& v) const {
    const auto& a = arr(v, 2);
    return Span{u32(a[0]), u32(a[1])};
  }
};

}  // namespace

std::string cacheLine(const CachedDocument& d) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  writeDocument(w, d);
  return sealed(std::string_view(sb.GetString(), sb.GetSize()));
}

namespace {
std::string header(const std::string& fingerprint, size_t documents) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  w.Key("kgCache");
  w.Int(kCacheVersion);
  w.Key("fingerprint");
  str(w, fingerprint);
  w.Key("documents");
  w.Uint64(documents);
  w.EndObject();
  return sealed(std::string_view(sb.GetString(), sb.GetSize()));
}

}  // namespace

void writeBuildCache(const std::string& fingerprint, const std::vector<std::string>& lines, std::ostream& out) {
  out << header(fingerprint, lines.size()) << '\n';
  for (const auto& l : lines) out << l << '\n';
}

struct CacheSpool::Impl {
  int fd = -1;
  std::string name;
  mutable std::mutex mu;
  uint64_t end = 0;
  std::vector<std::pair<uint64_t, uint32_t>> at;  // offset, length + 1 (0: not put)
  size_t count = 0;
};

CacheSpool::CacheSpool(size_t capacity) : impl_(std::make_unique<Impl>()) {
  impl_->fd = detail::openUnlinkedTemp({}, "kg-cache-", impl_->name);
  impl_->at.assign(capacity, {0, 0});
}

CacheSpool::~CacheSpool() {
  if (impl_ && impl_->fd >= 0) ::close(impl_->fd);
}

void CacheSpool::put(size_t index, std::string_view line) {
  auto& I = *impl_;
  std::lock_guard<std::mutex> lock(I.mu);
  if (index >= I.at.size()) throw Error("CacheSpool::put: index out of range");
  if (line.size() >= UINT32_MAX) throw IoError(I.name + ": a cache line of 4 GiB or more");
  if (!detail::writeAt(I.fd, I.end, line))
    throw IoError(I.name + ": cannot write the build cache spool: " + std::strerror(errno));
  if (I.at[index].second == 0) ++I.count;
  I.at[index] = {I.end, static_cast<uint32_t>(line.size() + 1)};
  I.end += line.size();
}

size_t CacheSpool::size() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->count;
}

void CacheSpool::write(const std::string& fingerprint, std::ostream& out) const {
  auto& I = *impl_;
  std::lock_guard<std::mutex> lock(I.mu);
  out << header(fingerprint, I.count) << '\n';
  std::string line;
  for (const auto& [offset, len1] : I.at) {
    if (len1 == 0) continue;
    line.resize(len1 - 1);
    if (!detail::readAt(I.fd, offset, line)) throw IoError(I.name + ": cannot read the build cache spool back");
    out << line << '\n';
  }
}

void writeBuildCache(const BuildCache& cache, std::ostream& out) {
  std::vector<std::string> lines;
  for (const auto& d : cache.documents) lines.push_back(cacheLine(d));
  writeBuildCache(cache.fingerprint, lines, out);
}

namespace {

CachedDocument documentOf(const Reader& R, const rapidjson::Document& doc) {
  CachedDocument c;
  c.path = R.s(R.member(doc, "path"));
  c.size = R.u(R.member(doc, "size"));
  const auto& mt = R.member(doc, "mtime");
  if (!mt.IsInt64()) R.fail("\"mtime\" is not an integer");
  c.mtime = mt.GetInt64();
  DocumentNode& d = c.contribution.document;
  d.id = documentIdFor(c.path);
  d.path = c.path;
  d.sha256 = R.s(R.member(doc, "sha256"));
  d.title = R.s(R.member(doc, "title"));
  d.date = R.s(R.member(doc, "date"));
  d.encoding = R.s(R.member(doc, "encoding"));
  d.bytes = R.u(R.member(doc, "bytes"));
  for (const auto& e : R.arr(R.member(doc, "entities")).GetArray()) {
    R.arr(e, 6);
    ContributedEntity ce;
    auto t = parseNodeType(R.s(e[0]));
    if (!t) R.fail("unknown entity type '" + R.s(e[0]) + "'");
    ce.type = *t;
    ce.name = R.s(e[1]);
    for (const auto& a : R.arr(e[2]).GetArray()) ce.aliases.push_back(R.s(a));
    ce.lexiconId = R.s(e[3]);
    ce.mentions = R.u32(e[4]);
    if (!e[5].IsBool()) R.fail("an entity's sixth item must be true or false");
    ce.nameWritten = e[5].GetBool();
    c.contribution.entities.push_back(std::move(ce));
  }
  for (const auto& f : R.arr(R.member(doc, "facts")).GetArray()) {
    R.arr(f, 8);
    ContributedFact cf;
    auto t = parseEdgeType(R.s(f[0]));
    if (!t) R.fail("unknown relation type '" + R.s(f[0]) + "'");
    cf.type = *t;
    cf.source = R.u32(f[1]);
    cf.target = R.u32(f[2]);
    if (cf.source >= c.contribution.entities.size() || cf.target >= c.contribution.entities.size())
      R.fail("a fact names an entity the document does not have");
    cf.evidence.sentence = R.u32(f[3]);
    cf.evidence.span = R.sp(f[4]);
    cf.evidence.original = R.sp(f[5]);
    cf.evidence.text = R.s(f[6]);
    cf.evidence.rule = R.s(f[7]);
    c.contribution.facts.push_back(std::move(cf));
  }
  return c;
}

// A header without its checksum: an older version's cache (kCacheVersion 1
// had none), another file, or a damaged header.
void oldVersion(const Reader& R, std::string_view line) {
  if (!intact(line)) R.fail("not a kg build cache of version " + std::to_string(kCacheVersion) + " (or a damaged one)");
}

// Checks the line's checksum, then parses it. The iterative parser keeps deep
// nesting off the call stack; the identity scan (IdentityHandler) refuses it.
void parseLine(const Reader& R, std::string_view line, rapidjson::Document& doc) {
  if (!intact(line)) R.fail(kDamaged);
  doc.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
  if (doc.HasParseError())
    R.fail(std::string("invalid JSON at column ") + std::to_string(doc.GetErrorOffset() + 1) + ": " +
           rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject()) R.fail("expected an object");
}

}  // namespace

BuildCache parseBuildCache(std::string_view text, const std::string& name) {
  Reader R{name};
  BuildCache cache;
  size_t expected = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++R.line;
    if (line.empty()) continue;
    rapidjson::Document doc;
    if (R.line == 1) oldVersion(R, line);
    parseLine(R, line, doc);
    if (R.line == 1) {
      auto v = doc.FindMember("kgCache");
      if (v == doc.MemberEnd() || !v->value.IsInt() || v->value.GetInt() != kCacheVersion)
        R.fail("not a kg build cache of version " + std::to_string(kCacheVersion));
      cache.fingerprint = R.s(R.member(doc, "fingerprint"));
      expected = R.u(R.member(doc, "documents"));
      continue;
    }
    CachedDocument c = documentOf(R, doc);
    if (!cache.documents.empty() && !(cache.documents.back().path < c.path)) R.fail("documents out of path order");
    cache.documents.push_back(std::move(c));
  }
  if (R.line == 0) R.fail("empty cache");
  if (cache.documents.size() != expected)
    R.fail("the header announces " + std::to_string(expected) + " documents, the file holds " +
           std::to_string(cache.documents.size()) + " (truncated?)");
  return cache;
}

BuildCache readBuildCache(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return parseBuildCache(ss.str(), path);
}

// ---- BuildCacheIndex -------------------------------------------------------

namespace {

// SAX handler reading the identity of one document line (path, size, mtime,
// sha256) and stopping there: the rest of the line is not parsed.
struct IdentityHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, IdentityHandler> {
  BuildCacheIndex::Entry* e = nullptr;
  int depth = 0, seen = 0;
  std::string key;
  bool bad = false;
  std::string badWhat;
  bool done() const { return seen == 4; }
  bool fail(std::string what) {
    bad = true;
    badWhat = std::move(what);
    return false;
  }
  bool StartObject() {
    if (++depth > kMaxDepth) return fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    return depth == 1 ? true : !done();
  }
  bool EndObject(rapidjson::SizeType) { --depth; return true; }
  bool StartArray() {
    if (++depth > kMaxDepth) return fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    return true;
  }
  bool EndArray(rapidjson::SizeType) { --depth; return true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1) key.assign(s, n);
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth != 1) return true;
    if (key == "path") e->path.assign(s, n), ++seen;
    else if (key == "sha256") e->sha256.assign(s, n), ++seen;
    else if (key == "size" || key == "mtime") return fail("\"" + key + "\" is not an integer");
    return !done();
  }
  bool number(int64_t v, bool isSigned) {
    if (depth != 1) return true;
    if (key == "size") {
      if (isSigned && v < 0) return fail("expected a non-negative integer");
      e->size = static_cast<uint64_t>(v), ++seen;
    } else if (key == "mtime") {
      e->mtime = v, ++seen;
    }
    return !done();
  }
  bool Int(int v) { return number(v, true); }
  bool Uint(unsigned v) { return number(v, false); }
  bool Int64(int64_t v) { return number(v, true); }
  bool Uint64(uint64_t v) {
    if (depth == 1 && key == "mtime" && v > static_cast<uint64_t>(INT64_MAX)) return fail("\"mtime\" is not an integer");
    if (depth == 1 && key == "size") {
      e->size = v, ++seen;
      return !done();
    }
    return number(static_cast<int64_t>(v), false);
  }
  bool Double(double) {
    if (depth == 1 && (key == "size" || key == "mtime")) return fail("\"" + key + "\" is not an integer");
    return true;
  }
};

}  // namespace

struct BuildCacheIndex::Impl {
  std::string name;
  int fd = -1;
  std::string fingerprint;
  std::vector<Entry> entries;
  std::vector<std::string> problems;  // damaged lines, left out of entries
};

BuildCacheIndex::BuildCacheIndex(const std::string& path) : impl_(std::make_unique<Impl>()) {
  auto& I = *impl_;
  I.name = path;
  I.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (I.fd < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
  Reader R{path};
  size_t expected = 0;
  bool header = false;
  std::string line, buf(1 << 20, '\0');
  uint64_t lineStart = 0, pos = 0;
  auto finishLine = [&] {
    ++R.line;
    if (line.empty()) return;
    if (!header) {
      rapidjson::Document doc;
      oldVersion(R, line);
      parseLine(R, line, doc);
      auto v = doc.FindMember("kgCache");
      if (v == doc.MemberEnd() || !v->value.IsInt() || v->value.GetInt() != kCacheVersion)
        R.fail("not a kg build cache of version " + std::to_string(kCacheVersion));
      I.fingerprint = R.s(R.member(doc, "fingerprint"));
      expected = R.u(R.member(doc, "documents"));
      header = true;
      return;
    }
    if (line.size() >= UINT32_MAX) R.fail("a line of 4 GiB or more");
    if (!intact(line)) {  // its document is not in the cache: it is read and extracted again
      I.problems.push_back(path + ":" + std::to_string(R.line) + ": " + kDamaged);
      return;
    }
    Entry e;
    e.offset = lineStart;
    e.length = static_cast<uint32_t>(line.size());
    e.line = R.line;
    IdentityHandler h;
    h.e = &e;
    rapidjson::Reader reader;
    rapidjson::StringStream ss(line.c_str());
    reader.Parse<rapidjson::kParseIterativeFlag>(ss, h);
    if (h.bad) R.fail(h.badWhat);
    if (!h.done()) {
      if (reader.HasParseError())
        R.fail(std::string("invalid JSON at column ") + std::to_string(reader.GetErrorOffset() + 1) + ": " +
               rapidjson::GetParseError_En(reader.GetParseErrorCode()));
      R.fail("missing \"path\", \"size\", \"mtime\" or \"sha256\"");
    }
    if (!I.entries.empty() && !(I.entries.back().path < e.path)) R.fail("documents out of path order");
    I.entries.push_back(std::move(e));
  };
  for (;;) {
    ssize_t n = ::read(I.fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path + ": cannot read: " + std::strerror(errno));
    }
    if (n == 0) break;
    for (const char *p = buf.data(), *end = buf.data() + n; p < end;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      line.append(p, nl ? nl : end);
      pos += static_cast<uint64_t>((nl ? nl + 1 : end) - p);
      if (!nl) break;
      finishLine();
      line.clear();
      lineStart = pos;
      p = nl + 1;
    }
  }
  if (!line.empty()) finishLine();
  if (R.line == 0) R.fail("empty cache");
  if (I.entries.size() + I.problems.size() != expected)
    R.fail("the header announces " + std::to_string(expected) + " documents, the file holds " +
           std::to_string(I.entries.size() + I.problems.size()) + " (truncated?)");
}

BuildCacheIndex::~BuildCacheIndex() {
  if (impl_ && impl_->fd >= 0) ::close(impl_->fd);
}

const std::string& BuildCacheIndex::fingerprint() const { return impl_->fingerprint; }
const std::vector<std::string>& BuildCacheIndex::problems() const { return impl_->problems; }
const std::vector<BuildCacheIndex::Entry>& BuildCacheIndex::entries() const { return impl_->entries; }

const BuildCacheIndex::Entry* BuildCacheIndex::find(std::string_view path) const {
  const auto& v = impl_->entries;
  auto it = std::lower_bound(v.begin(), v.end(), path, [](const Entry& e, std::string_view p) { return e.path < p; });
  return it != v.end() && it->path == path ? &*it : nullptr;
}

std::string BuildCacheIndex::line(const Entry& e) const {
  std::string out(e.length, '\0');
  if (!detail::readAt(impl_->fd, e.offset, out))
    throw IoError(impl_->name + ":" + std::to_string(e.line) + ": cannot read the line back");
  return out;
}

CachedDocument BuildCacheIndex::document(const Entry& e, std::string_view line) const {
  Reader R{impl_->name};
  R.line = e.line;
  rapidjson::Document doc;
  parseLine(R, line, doc);
  CachedDocument c = documentOf(R, doc);
  if (c.path != e.path || c.size != e.size || c.mtime != e.mtime || c.contribution.document.sha256 != e.sha256)
    R.fail("the line changed since the cache was opened");
  return c;
}

}  // namespace kg
