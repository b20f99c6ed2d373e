#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "detail/byte_trie.h"
#include "detail/clean_sentence.h"
#include "detail/metadata.h"
#include "detail/sentence_basics.h"
#include "detail/text_fast.h"
#include "detail/tokens.h"
#include "kg/document_file.h"
#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"
#include "kg/text.h"

using namespace kg;

namespace {

const Lexicon& lexicon() {
  static Lexicon lex = [] {
    LexiconBuilder b;
    b.addDirectory(KG_LEXICON_DIR);
    return b.build();
  }();
  return lex;
}

DocumentResult run(std::string_view text) {
  Extractor ex(lexicon());
  return ex.extractBytes(text, "test.txt");
}

bool names(const Entity& e, std::string_view n) {
  return e.name == n || std::find(e.aliases.begin(), e.aliases.end(), n) != e.aliases.end();
}

const Entity* entity(const DocumentResult& d, std::string_view name, std::optional<NodeType> type = {}) {
  for (const auto& e : d.entities)
    if (names(e, name) && (!type || e.type == *type)) return &e;
  return nullptr;
}

bool hasRelation(const DocumentResult& d, EdgeType t, std::string_view a, std::string_view b) {
  for (const auto& r : d.relations) {
    if (r.type != t) continue;
    const Entity &s = d.entities[r.source], &o = d.entities[r.target];
    if (names(s, a) && names(o, b)) return true;
    if (isSymmetric(t) && names(s, b) && names(o, a)) return true;
  }
  return false;
}

std::string dump(const DocumentResult& d) {
  std::string s = "entities:";
  for (const auto& e : d.entities) s += " [" + std::string(toString(e.type)) + " " + e.name + "]";
  s += "\nrelations:";
  for (const auto& r : d.relations)
    s += " (" + std::string(toString(r.type)) + " " + d.entities[r.source].name + " -> " + d.entities[r.target].name +
         " by " + r.rule + ")";
  return s;
}

std::string encode(const char* charset, std::string_view utf8) {
  UErrorCode st = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &st);
  REQUIRE(U_SUCCESS(st));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

// ------------------------------------------------------------------ text layer

TEST_CASE("decoding: UTF-8 with and without BOM, UTF-16 LE/BE, CP949") {
  const std::string text = "중국 과학기술부는 새로운 계획을 발표했다. 베이징과 상하이가 포함된다.";
  CHECK(decode(text).utf8 == text);
  CHECK(decode("\xEF\xBB\xBF" + text).utf8 == text);
  DecodedText le = decode("\xFF\xFE" + encode("UTF-16LE", text));
  CHECK(le.utf8 == text);
  CHECK(le.encoding == "UTF-16LE");
  CHECK(decode("\xFE\xFF" + encode("UTF-16BE", text)).utf8 == text);
  CHECK(decode(encode("UTF-16LE", text)).utf8 == text);  // no BOM: NUL pattern
  DecodedText cp = decode(encode("windows-949", text + "\n" + text));
  CHECK(cp.utf8 == text + "\n" + text);
  CHECK(cp.encoding == "windows-949");
}

TEST_CASE("decoding a text longer than the converter's chunk (8 Ki UTF-16 units) gives the whole of it") {
  std::string line = "중국 과학기술부는 상하이 푸둥신구와 새로운 협력 계획을 발표했다.\n";
  std::string text;
  while (text.size() < 200000) text += line;
  SUBCASE("CP949, read in chunks twice (to score, then to write): the same text, no warning") {
    DecodedText d = decode(encode("windows-949", text));
    CHECK(d.encoding == "windows-949");
    CHECK(d.utf8 == text);
    CHECK(d.warnings.empty());
  }
  SUBCASE("damage past the first chunk is placed by its byte in the file") {
    std::string cp = encode("windows-949", text);
    size_t at = cp.find(' ', 150000) + 1;  // a lead byte far past 8 Ki units
    cp[at] = '\xC9';
    cp[at + 1] = '\x21';
    DecodedText d = decode(cp);
    REQUIRE(!d.warnings.empty());
    CHECK(d.warnings[0].find("byte " + std::to_string(at) + ": ") == 0);
  }
  SUBCASE("a surrogate pair cut by a chunk's end is read whole") {
    // (U+20000, a CJK extension B character, is two UTF-16 units: put its lead unit last in
    // the first chunk; a lone surrogate would come out as U+FFFD)
    std::string ascii(8191, 'a');
    std::string withPair = ascii + "\xF0\xA0\x80\x80" + text;
    DecodedText d = decode("\xFF\xFE" + encode("UTF-16LE", withPair));
    CHECK(d.encoding == "UTF-16LE");
    CHECK(d.utf8 == withPair);
    for (size_t shift = 8189; shift <= 8193; ++shift) {
      std::string s = std::string(shift, 'a') + "\xF0\xA0\x80\x80" + text;
      CHECK(decode("\xFF\xFE" + encode("UTF-16LE", s)).utf8 == s);
    }
  }
}

TEST_CASE("decoding refuses what is not text, saying why") {
  CHECK_THROWS_AS(decode(""), DecodeError);
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
  CHECK_THROWS_AS(decode(std::string(png, sizeof png - 1)), DecodeError);
  CHECK_THROWS_AS(decode(std::string(elf, sizeof elf - 1)), DecodeError);
}

// Issue 21, kind 8: damage and stray bytes are read past in every encoding
// alike, with the encoding and the byte offset in the warning.
// ------------------------------------------------- text layer fast paths (issue 22)

namespace {

// U8_NEXT over the bytes, as decode() read them before scanUtf8.
detail::Utf8Scan scanWithIcu(std::string_view s) {
  detail::Utf8Scan r;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) {
      r.invalidAt = static_cast<size_t>(start);
      return r;
    }
    ++r.codePoints;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++r.controls;
  }
  return r;
}

// Deterministic strings of pieces that meet at every kind of NFKC and UTF-8 edge.
std::vector<std::string> mixedStrings(unsigned seed, size_t count) {
  static const std::vector<std::string> pieces = {
      "가", "힣", "각", "한국", "a", "Z", " ", "\n", "\r\n", "\r", "\t", "\x01", "&amp;", "&#44032;", "&nbsp;", "&",
      "\xE1\x84\x80",      // U+1100 leading jamo
      "\xE1\x85\xA1",      // U+1161 vowel jamo
      "\xE1\x86\xA8",      // U+11A8 trailing jamo: composes with a syllable before it
      "\xCC\x81",          // U+0301 combining acute
      "\xEF\xBC\xA1",      // U+FF21 fullwidth A
      "\xE3\x84\xB1",      // U+3131 compatibility jamo
      "\xEF\xA4\x80",      // U+F900 CJK compatibility ideograph
      "\xE4\xB8\xAD",      // U+4E2D 中
      "\xE2\x80\x8B",      // U+200B zero-width space
      "\xE2\x91\xA0",      // U+2460 circled one
      "\xF0\x9F\x98\x80",  // U+1F600
      "\xED\xA0\x80",      // a surrogate: invalid
      "\xE0\x80\x80",      // overlong: invalid
      "\xEA\xB0",          // a syllable cut short
      "\x80", "\xFF", "\xC3\xA9", "e\xCC\x81"};
  std::vector<std::string> out;
  uint32_t x = seed;
  auto next = [&] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7FFF; };
  for (size_t k = 0; k < count; ++k) {
    std::string s;
    size_t len = next() % 12;
    for (size_t j = 0; j < len; ++j) s += pieces[next() % pieces.size()];
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("scanUtf8 reads valid and invalid UTF-8 as ICU's U8_NEXT does, in one pass") {
  std::vector<std::string> cases = {"", "abc", "가나다", "\xED\x9F\xBF", "\xED\xA0\x80", "\xE0\x80\x80",
                                    "\xE1\x80\x80", "\xEC\xBF\xBF", "\xEA\xB0", "a\xEA", "\xC0\xAF", "\xF4\x90\x80\x80",
                                    "\xF0\x9F\x98\x80", "\x80", "ok\x01\x02\n\t\f\r"};
  for (const auto& s : mixedStrings(22, 3000)) cases.push_back(s);
  // Runs of ASCII (read eight bytes at a time) with one other byte at every place.
  for (std::string_view odd :
       {"\x01", "\x1f", "\n", "\r", "\t", "&", "\x7f", " ", "\x80", "가", "\xEA"})
    for (size_t at = 0; at <= 20; ++at)
      cases.push_back(std::string(at, 'x') + std::string(odd) + std::string(20 - at, 'y'));
  for (const auto& s : cases) {
    CAPTURE(s);
    detail::Utf8Scan want = scanWithIcu(s), got = detail::scanUtf8(s);
    CHECK(got.invalidAt == want.invalidAt);
    if (want.invalidAt == std::string_view::npos) {  // counts matter only for valid text
      CHECK(got.codePoints == want.codePoints);
      CHECK(got.controls == want.controls);
    }
  }
}

TEST_CASE("the NFKC fast path gives the general path's text and offset map") {
  // A syllable before a trailing jamo composes (가 + U+11A8 = 각): no fast path there.
  CHECK(normalize("가\xE1\x86\xA8 나").text == "각 나");
  CHECK(normalize("가\xE1\x86\xA8 나").toOriginal.expand() ==
        std::vector<uint32_t>{0, 0, 0, 6, 7, 8, 9, 10});
  size_t compared = 0;
  std::vector<std::string> cases = mixedStrings(7, 4000);
  for (std::string_view odd :
       {"\r", "\r\n", "&amp;", "&", "\xCC\x81", "\xEF\xBC\xA1", "\x80", "가", "\xE2\x80\x8B"})
    for (size_t at = 0; at <= 20; ++at)
      cases.push_back(std::string(at, 'x') + std::string(odd) + std::string(20 - at, 'y'));
  for (const auto& s : cases) {
    CAPTURE(s);
    NormalizedText fast = detail::normalizeWith(s, true), general = detail::normalizeWith(s, false);
    CHECK(fast.text == general.text);
    CHECK(fast.toOriginal == general.toOriginal);
    CHECK(normalize(s).text == fast.text);
    ++compared;
  }
  CHECK(compared == 4000 + 9 * 21);
}

TEST_CASE("WordSet counts the words a line holds as contains() over each word does") {
  const std::vector<std::string_view> words = {
      "바로가기",     "메뉴", "댓글", "ⓒ", "Copyright", "copyright", "All rights reserved",
      "PDF 다운로드", "구독", "인쇄"};
  detail::WordSet set = {
      "바로가기",     "메뉴", "댓글", "ⓒ", "Copyright", "copyright", "All rights reserved",
      "PDF 다운로드", "구독", "인쇄"};
  const std::vector<std::string> pieces = {
      "바로",  "가기",      "메",         "뉴",        "댓글",     "ⓒ",        "Copy",
      "right", "copyright", "All rights", " reserved", "PDF ",     "다운로드", "구독",
      "인쇄",  "가",        " ",          "\xEB",      "\xEB\xA9", "a",        "\xE2\x93"};
  uint32_t x = 5;
  auto next = [&] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7FFF; };
  size_t withWords = 0;
  for (int k = 0; k < 3000; ++k) {
    std::string s;
    for (size_t j = next() % 10; j > 0; --j) s += pieces[next() % pieces.size()];
    size_t want = 0;
    for (auto w : words) want += s.find(w) != std::string::npos;
    CAPTURE(s);
    CHECK(set.countIn(s, 99) == want);
    CHECK(set.countIn(s, 2) == std::min<size_t>(want, 2));
    withWords += want > 0;
  }
  CHECK(withWords > 1000);  // (the strings do hold words)
  CHECK_THROWS_AS(detail::WordSet({"ab"}), Error);
}

TEST_CASE("UTF-16 readings are scored from the bytes as ICU's converter reads them") {
  // Korean, ASCII and CP949 bytes read as UTF-16, odd lengths, lone and paired surrogates.
  std::vector<std::string> cases;
  for (const char* cs : {"UTF-16LE", "UTF-16BE", "windows-949"})
    cases.push_back(encode(cs, "중국 과학기술부는 계획을 발표했다. 2024년 3월\n"));
  const std::vector<std::string> units = {
      "\xAC\x00", "\x00\xAC", "a\x00",    "\x00a",    "\x00\x01", "\xD8\x3D", "\x3D\xD8",
      "\xDE\x00", "\x00\xDE", "\xB0\xA1", "\x4E\x2D", " ",        "\n\x00",   "\x00\n"};
  uint32_t x = 11;
  auto next = [&] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7FFF; };
  for (int k = 0; k < 3000; ++k) {
    std::string s;
    for (size_t j = next() % 12; j > 0; --j) s += units[next() % units.size()];
    cases.push_back(s);
  }
  size_t scored = 0;
  for (const auto& s : cases) {
    CAPTURE(s);
    CHECK(detail::utf16Score(s, false) == detail::candidateScoreOf("UTF-16LE", s));
    CHECK(detail::utf16Score(s, true) == detail::candidateScoreOf("UTF-16BE", s));
    scored += detail::utf16Score(s, false) >= 0;
  }
  CHECK(scored > 100);  // (not only refusals compared: 159 of the 3,003 read as text)
}

TEST_CASE("CP949 is decoded directly only when the charset detector could not do better") {
  const std::string korean = "중국 과학기술부는 새로운 계획을 발표했다. 베이징과 상하이가 포함된다.\n";
  std::string bytes = encode("windows-949", korean + korean);
  DecodedText direct;
  REQUIRE(detail::decodeCp949Directly(bytes, &direct));
  CHECK(direct.utf8 == korean + korean);
  CHECK(direct.encoding == "windows-949");
  CHECK(decode(bytes).utf8 == direct.utf8);
  // Hanja and ASCII only: CP949 scores 1 (no Hangul), which no Hangul-free charset can beat.
  CHECK(detail::decodeCp949Directly(encode("windows-949", "中國 science policy 2024\n"), &direct));
  // Greek among ASCII: CP949 decodes it, but scores under 1, where a single-byte charset may
  // read the bytes better; the detector decides.
  std::string greek = encode("windows-949", "alpha α and beta β in the model of the year 2024\n");
  CHECK_FALSE(detail::decodeCp949Directly(greek, &direct));
  CHECK_NOTHROW(decode(greek));
  // Not CP949 at all (a lead byte without its trail byte at the end).
  CHECK_FALSE(detail::decodeCp949Directly("abc \xB0", &direct));
}

TEST_CASE("the offset map gives back every offset pushed, steps of any size") {
  // Steps of 0, 1, 2 .. and some of 255 and more (a run of removed characters), across
  // checkpoints (every 64 entries), against a plain vector.
  std::vector<uint32_t> want;
  OffsetMap map;
  uint32_t v = 7;
  for (uint32_t i = 0; i < 1000; ++i) {
    v += i % 97 == 5 ? 254 + i : i % 13 == 0 ? 255 : i % 3;
    want.push_back(v);
    map.push_back(v);
  }
  REQUIRE(map.size() == want.size());
  CHECK(map.back() == want.back());
  CHECK(map.expand() == want);
  for (size_t i = 0; i < want.size(); ++i) CHECK(map[i] == want[i]);
  CHECK_THROWS_AS(map.push_back(v - 1), Error);
  OffsetMap same;
  for (uint32_t x : want) same.push_back(x);
  CHECK(same == map);
}

TEST_CASE("the offset map keeps blocks of steps of 1 without their steps, as push_back would") {
  // Runs of identity (appendIdentity) of every length and at every place in a block,
  // between single entries with other steps, against push_back of the same offsets.
  std::vector<uint32_t> want;
  OffsetMap runs, single;
  uint32_t v = 3;
  for (uint32_t k = 0; k < 300; ++k) {
    size_t len = (k * 37) % 150;  // 0 .. 149: within a block, across one, several blocks
    uint32_t from = v + (k % 4 == 0 ? 0 : k % 4 == 1 ? 1 : 300);  // steps into the run of 0, 1, 300
    runs.appendIdentity(from, len);
    for (size_t j = 0; j < len; ++j)
      want.push_back(from + static_cast<uint32_t>(j)), single.push_back(from + j);
    if (len) v = from + static_cast<uint32_t>(len) - 1;
    v += k % 3;  // then one entry of step 0, 1 or 2
    runs.push_back(v);
    single.push_back(v);
    want.push_back(v);
  }
  REQUIRE(runs.size() == want.size());
  CHECK(runs.back() == want.back());
  CHECK(runs.expand() == want);
  CHECK(single.expand() == want);
  for (size_t i = 0; i < want.size(); ++i) REQUIRE(runs[i] == want[i]);
  CHECK(runs == single);
  CHECK_THROWS_AS(runs.appendIdentity(v - 1, 100), Error);
  // Text copied as it was is one run, whatever its length (issue 21: it was a checkpoint and a
  // block marker per 64 entries, 0.13 bytes an entry), pushed at once or entry by entry.
  OffsetMap big;
  big.appendIdentity(0, 1u << 20);
  CHECK(big[(1u << 20) - 1] == (1u << 20) - 1);
  CHECK(big.heapBytes() <= 64);
  OffsetMap bytewise;
  for (uint32_t i = 0; i < (1u << 20); ++i) bytewise.push_back(i);
  CHECK(bytewise.heapBytes() <= 64);
  CHECK(bytewise == big);
  // A step other than 1 (a character NFKC changed) starts a block of steps and a new run after it.
  OffsetMap twoRuns;
  twoRuns.appendIdentity(0, 1000);
  twoRuns.push_back(1003);
  twoRuns.appendIdentity(1004, 1000);
  CHECK(twoRuns.heapBytes() <= 200);
  for (uint32_t i : {0u, 63u, 64u, 999u, 1000u, 1001u, 1500u, 2000u})
    CHECK(twoRuns[i] == (i < 1000 ? i : i + 3));
}

TEST_CASE("normalisation maps every byte back to the original") {
  std::string in = "ＭＯＳＴ는 ①번 계획";  // full-width letters fold under NFKC
  NormalizedText n = normalize(in);
  CHECK(n.text.rfind("MOST는", 0) == 0);
  REQUIRE(n.toOriginal.size() == n.text.size() + 1);
  CHECK(n.toOriginal.back() == in.size());
  Span s{0, 4};  // "MOST"
  CHECK(n.original(s).begin == 0);
  CHECK(n.original(s).end == std::string("ＭＯＳＴ").size());
  std::vector<uint32_t> all = n.toOriginal.expand();
  CHECK(std::is_sorted(all.begin(), all.end()));
}

TEST_CASE("normalisation decodes HTML character references and drops invisible characters, offsets kept") {
  struct Case {
    std::string_view in, out;
  };
  const Case cases[] = {
      {"국무원은 &lsquo;인공지능+ 행동 계획&rsquo;을 발표", "국무원은 ‘인공지능+ 행동 계획’을 발표"},
      {"&#8216;디지털 중국&#8217; &#x2018;A&#x2019;", "‘디지털 중국’ ‘A’"},
      {"포켓모바일사는&nbsp;하얼빈&nbsp;창룽그룹과", "포켓모바일사는 하얼빈 창룽그룹과"},
      {"&quot;차세대&quot; 칭화대학&amp;베이징대학 과학기술부&middot;공신부", "\"차세대\" 칭화대학&베이징대학 과학기술부·공신부"},
      {"R&D와 M&A, &unknown; &#; &#xZZ; & 끝", "R&D와 M&A, &unknown; &#; &#xZZ; & 끝"},
      {"포켓\u200b모바일 하얼\u2060빈 창룽\u00ad그룹 \ufeff국무원", "포켓모바일 하얼빈 창룽그룹 국무원"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    NormalizedText n = normalize(c.in);
    CHECK(n.text == c.out);
    REQUIRE(n.toOriginal.size() == n.text.size() + 1);
    for (size_t i = 0; i + 1 < n.toOriginal.size(); ++i) CHECK(n.toOriginal[i] <= n.toOriginal[i + 1]);
    CHECK(n.toOriginal.back() == c.in.size());
  }
  // every byte of a reference maps to its '&'
  NormalizedText n = normalize("가&lsquo;나");
  CHECK(n.original(Span{3, 6}).begin == 3);
}

TEST_CASE("a quoted sentence someone said is no programme; quoted titles are") {
  struct Case {
    std::string_view text, name;
    bool program;
  };
  const Case cases[] = {
      {"그는 \"합작법인에서 생산하는 냉연강판은 전량 내수용으로 판매할 계획\"이라고 말했다.\n", "합작법인에서 생산하는 냉연강판은 전량 내수용으로 판매할 계획", false},
      {"관계자는 \"월 9만장 생산 체제를 연내 완성할 계획\"이라고 밝혔다.\n", "월 9만장 생산 체제를 연내 완성할 계획", false},
      {"국무원은 ‘과학기술서비스업 육성에 관한 약간의견’을 발표했다.\n", "과학기술서비스업 육성에 관한 약간의견", true},
      {"공신부는 「차세대 인공지능 산업발전 촉진 3개년 행동계획」을 내놨다.\n", "차세대 인공지능 산업발전 촉진 3개년 행동계획", true},
      {"시는 ‘국민 생활 개선 계획’을 발표했다.\n", "국민 생활 개선 계획", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    DocumentResult d = run(c.text);
    CAPTURE(dump(d));
    CHECK((entity(d, c.name, NodeType::Program) != nullptr) == c.program);
  }
}

TEST_CASE("hard-wrapped lines join; headings, bullets and table rows keep their breaks") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      // inside a quoted title, after a josa, after a comma
      {"국무원은 「과학기술서비스업\n육성에 관한 약간의견」을 발표했다.", "국무원은 「과학기술서비스업 육성에 관한 약간의견」을 발표했다."},
      {"한국의 포켓모바일사는 하얼빈 창룽그룹과\n제휴하여 연구소를 세웠다.", "한국의 포켓모바일사는 하얼빈 창룽그룹과 제휴하여 연구소를 세웠다."},
      {"2020년까지 기술서비스 산업규모를 8조 위안으로,\n늘린다는 목표다.", "2020년까지 기술서비스 산업규모를 8조 위안으로, 늘린다는 목표다."},
      // a sentence ends, a headline, a bullet, a table row: the break stays
      {"국무원은 의견을 발표했다.\n과학기술부는 계획을 내놨다.", "국무원은 의견을 발표했다.\n과학기술부는 계획을 내놨다."},
      {"중국 국무원, 과학기술서비스업 육성 의견 발표\n국무원은 의견을 발표했다.", "중국 국무원, 과학기술서비스업 육성 의견 발표\n국무원은 의견을 발표했다."},
      {"국무원은 다음 세 가지 과제를 제시하고\n- 인공지능 육성", "국무원은 다음 세 가지 과제를 제시하고\n- 인공지능 육성"},
      {"기업명\t대표\t소재지와\n한빛테크\t김태성\t대전", "기업명\t대표\t소재지와\n한빛테크\t김태성\t대전"},
      // the next line opens with the gloss of the last word and goes on
      {"양측은 한국원자력연구원과 중국원자능과학연구원\n(CIAE) 간 약정에 서명했다.", "양측은 한국원자력연구원과 중국원자능과학연구원 (CIAE) 간 약정에 서명했다."},
      {"양측은 한국원자력연구원과 중국원자능과학연구원\n(기조연설) 왕리 원장은 협력을 강조했다.", "양측은 한국원자력연구원과 중국원자능과학연구원\n(기조연설) 왕리 원장은 협력을 강조했다."},
      {"양측은 한국원자력연구원과 중국원자능과학연구원\n(A) 왕리 원장은 협력을 강조했다.", "양측은 한국원자력연구원과 중국원자능과학연구원\n(A) 왕리 원장은 협력을 강조했다."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    std::string t = c.in;
    joinWrappedLines(t);
    CHECK(t == c.out);
  }
  // A copy wrapped at one width (most lines within a few code points of it) breaks lines
  // in the middle of a phrase or a word: a line filled to the width runs on, whatever its
  // last word; a short line (a heading, a paragraph's end) keeps its break.
  const std::string wrapped =
      "한국 전자업체 톈진 진출\n"
      "톈진경제기술개발구에는 한빛전자, 대성정밀\n"
      "등 한국 전자부품 업체 10여개사가 입주해\n"
      "있으며 올해 안에 5개사가 공장을 새로 짓\n"
      "는다. 개발구 관리위원회는 한국 기업 전용\n"
      "부지를 마련하기로 했다.\n"
      "한편 톈진시는 외국인 투자 기업의 소득세를\n"
      "2년간 면제하는 방안을 검토하고 있다고 전\n"
      "했다.\n";
  std::string t = wrapped;
  joinWrappedLines(t);
  CHECK(t.find("대성정밀 등 한국") != std::string::npos);
  CHECK(t.find("새로 짓 는다") != std::string::npos);
  CHECK(t.find("검토하고 있다고 전 했다") != std::string::npos);
  CHECK(t.find("톈진 진출\n톈진경제기술개발구") != std::string::npos);  // a heading, shorter
  CHECK(t.find("했다.\n한편") != std::string::npos);                    // a sentence ends
  // the same lines in a text of free line lengths: "대성정밀" ends no phrase, the break stays
  std::string free = wrapped + std::string(4, '\n') +
                     "중국 과학기술부는 올해 국가중점연구개발계획의 신규 과제 공모를 시작했으며 인공지능과 "
                     "양자정보 분야에 예산의 절반 이상을 배정하기로 했다고 밝혔다.\n"
                     "한편 상하이시는 푸둥신구에 새로운 연구단지를 조성하고 국내외 연구기관 20여 곳을 "
                     "유치할 계획이라고 발표했다.\n";
  free.replace(0, free.find("톈진경제기술개발구에는"), "");
  std::string f = free;
  joinWrappedLines(f);
  CHECK(f.find("대성정밀\n등 한국") != std::string::npos);
  // a table of bar-separated rows of one length is no wrapped text: its rows keep their breaks
  std::string table = "기업명 | 대표자 | 소재지\n";
  for (const char* row : {"㈜한빛테크 | 오세린 | 대전 유성구", "㈜대성정밀 | 김도윤 | 경기 성남시", "㈜나래퀀텀 | 심규리 | 대전 유성구",
                          "㈜온새미로 | 문태오 | 경기 성남시", "㈜스텔라링 | 허재빈 | 서울 강남구", "㈜한울바이 | 길소연 | 충북 청주시"})
    table += std::string(row) + "\n";
  std::string t2 = table;
  joinWrappedLines(t2);
  CHECK(t2 == table);
}

TEST_CASE("segmentation: bullets, endings, table rows, headlines, footnotes") {
  std::string text =
      "중국 과학기술 정책 주간 동향\n"
      "□ 추진 배경\n"
      "○ 국무원은 방안을 발표함. 이에 따라 시범구를 지정함.\n"
      "- 베이징시정부는 계획을 수립하였다\n"
      "* 주: 시범구는 2015년에 처음 지정\n"
      "(출처: 과기일보 9.30)\n"
      "구분\t주요 내용\n";
  NormalizedText n = normalize(text);
  auto ss = segment(n.text);
  std::vector<std::string> got;
  for (const auto& s : ss) got.push_back(n.text.substr(s.span.begin, s.span.size()));
  CHECK(std::find(got.begin(), got.end(), "국무원은 방안을 발표함.") != got.end());
  CHECK(std::find(got.begin(), got.end(), "이에 따라 시범구를 지정함.") != got.end());
  CHECK(std::find(got.begin(), got.end(), "베이징시정부는 계획을 수립하였다") != got.end());
  auto find = [&](std::string_view p) {
    for (size_t i = 0; i < got.size(); ++i)
      if (got[i].find(p) != std::string::npos) return ss[i];
    FAIL("missing sentence " << p);
    return Sentence{};
  };
  CHECK(find("주간 동향").headline);
  CHECK(find("시범구는").footnote);
  for (const auto& g : got) CHECK(g.find("과기일보") == std::string::npos);  // a credit is chrome
  CHECK(find("주요 내용").tableRow);
  CHECK(find("국무원은").bullet);
  // "ㅇ" as a bullet (U+3147, which NFKC makes U+110B): a bullet, not a letter of the first name
  NormalizedText k = normalize("ㅇ 센터는 첫 사업으로 공동연구에 착수한다.\n");
  auto ks = segment(k.text);
  REQUIRE(ks.size() == 1);
  CHECK(bool(ks[0].bullet));
  CHECK(k.text.substr(ks[0].span.begin, ks[0].span.size()) == "센터는 첫 사업으로 공동연구에 착수한다.");
}

TEST_CASE("page chrome is recognised by shape, not by the seeds' strings") {
  CHECK(isChromeLine("본문 바로가기"));
  CHECK(isChromeLine("로그인 | 회원가입 | 고객센터"));
  CHECK(isChromeLine("페이스북 트위터 카카오톡 공유하기 인쇄"));
  CHECK(isChromeLine("김철수 기자 | chulsoo@example.co.kr"));
  CHECK(isChromeLine("Copyright ⓒ 2024 과학일보. All rights reserved."));
  CHECK(isChromeLine("0 / 1000"));
  CHECK(isChromeLine("기사 인쇄 | 목록"));
  CHECK(isChromeLine("개인정보처리방침 | 이메일무단수집거부 | 찾아오시는 길"));
  CHECK(isChromeLine("이용약관 · 사이트맵"));
  CHECK(isChromeLine("전체기사 | 정치 | 경제 | 사회 | 충북 | 세종 | 오피니언 | 포토"));
  CHECK(isChromeLine("▼ 다음글  톈궁 2호 우주실험실, 선저우 11호와 도킹 성공  2016-10-21"));
  CHECK(isChromeLine("▲ 이전글  중국, 2016년 국가중점연구개발계획 2차 과제 공고  2016-10-07"));
  CHECK_FALSE(isChromeLine("다음글로 넘어가기 전에 중국 과학기술부가 지난주 발표한 새 지침의 주요 내용을 먼저 살펴본다."));
  CHECK_FALSE(isChromeLine("발개위는 「정저우 발전계획」을 인쇄발부함."));
  CHECK(isChromeLine("공유 | 인쇄"));
  CHECK(isChromeLine("Copyright 한국과학기술정보연구원."));
  CHECK(isChromeLine("저작권자 한국과학기술정보연구원 무단전재 금지."));
  CHECK_FALSE(isChromeLine("중국 과학기술부는 25곳의 시범지역을 선정함."));
  CHECK_FALSE(isChromeLine("국무원, '외자 유치 확대 방안' 발표"));
  // credits: where the text or a photo comes from
  CHECK(isChromeLine("출처: 2017.11.17 / 과기일보(科技日報), 인민망(人民網) / 편집문"));
  CHECK(isChromeLine("(출처: 신화망 9.27, 해방일보 9.30)"));
  CHECK(isChromeLine("[촬영/신화사 기자 왕밍(王明)]"));
  CHECK(isChromeLine("* 자료: 무역관 자체 조사"));
  CHECK_FALSE(isChromeLine("출처를 밝히지 않은 보고서에 따르면 시장이 커졌다."));
  // a link alone, a colophon, a masthead in capitals
  CHECK(isChromeLine("https://www.example.com/a/764931616_120932824"));
  CHECK(isChromeLine("<http://www.example.re.kr>"));
  CHECK(isChromeLine("| 발 행 처 | 주소 : 북경시 조양구 주선교로 갑12호"));
  CHECK(isChromeLine("TEL : 86)10-6410-7876/7886"));
  CHECK(isChromeLine("KOREA-CHINA SCIENCE &"));
  CHECK_FALSE(isChromeLine("CATL BYD"));
  CHECK_FALSE(isChromeLine("KSTAR 2.0"));
  CHECK_FALSE(isChromeLine("KOTRA"));  // one word: a heading or a name, kept
  CHECK_FALSE(isChromeLine("주소지를 옮긴 기업은 세제 혜택을 받는다."));
  CHECK_FALSE(isChromeLine("자세한 내용은 https://www.example.com 에서 볼 수 있다."));
  // a list of other articles under its heading, up to a blank line
  CHECK(isArticleListHeader("관련기사"));
  CHECK(isArticleListHeader(" 많이 본 뉴스 "));
  CHECK_FALSE(isArticleListHeader("관련기사에 따르면 협약이 체결됐다."));
  std::string page =
      "한빛테크는 화웨이와 협약을 맺었다.\n\n관련기사\n· 샤오미, 신제품 출시\n많이 본 뉴스\n1 "
      "네이버, 데이터센터 증설\n\n한빛테크는 상하이에 지사를 열었다.\n";
  std::vector<std::string> kept;
  for (const auto& x : segment(page)) kept.push_back(page.substr(x.span.begin, x.span.size()));
  CHECK(kept == std::vector<std::string>{"한빛테크는 화웨이와 협약을 맺었다.", "한빛테크는 상하이에 지사를 열었다."});
  // with no blank line after the list, the text that follows is kept
  std::string inline_ = "관련기사\n· 샤오미, 신제품 출시\n중국 과기부는 새 계획을 발표했다.\n";
  std::vector<std::string> after;
  for (const auto& x : segment(inline_)) after.push_back(inline_.substr(x.span.begin, x.span.size()));
  CHECK(after == std::vector<std::string>{"중국 과기부는 새 계획을 발표했다."});
}

TEST_CASE("dates the text gives") {
  CHECK(findDate("CSF 2015-07-16\n본문") == "2015-07-16");
  CHECK(findDate("발행일 2024. 3. 29. 한중과학기술협력센터") == "2024-03-29");
  CHECK(findDate("기사입력 2014-12-19 18:00:10") == "2014-12-19");
  CHECK(findDate("2023년 11월 2일 발표") == "2023-11-02");
  CHECK(findDate("25곳, 3.15 지정") == "");
}

TEST_CASE("a document's own date: labelled lines first, every format of the genre, never a URL") {
  struct Case {
    const char* text;
    const char* date;
  } cases[] = {
      // the forms, alone
      {"2024. 3. 29.", "2024-03-29"},
      {"2024-03-29", "2024-03-29"},
      {"2024.03.29", "2024-03-29"},
      {"2024/3/29", "2024-03-29"},
      {"2024년 3월 29일", "2024-03-29"},
      {"2024년3월29일", "2024-03-29"},
      {"'24.3.29", "2024-03-29"},
      {"\xE2\x80\x99"
       "24.03.29 발표",
       "2024-03-29"},  // ’24.03.29
      // labelled lines win over earlier dates
      {"정책 발표 2023년 11월 2일\n| 발 행 일 | 2024. 3. 29.", "2024-03-29"},
      {"2014-12-17 출국\n기사입력 2014-12-19 18:00:10", "2014-12-19"},
      {"본문 2020-01-01\n입력 : 2024.03.29 10:31", "2024-03-29"},
      {"내용 2020-01-01\n등록일 '24.3.29", "2024-03-29"},
      {"내용 2020-01-01\n작성일：2024년 3월 29일", "2024-03-29"},
      {"내용 2020-01-01\nDate: 2024/03/29", "2024-03-29"},
      // no label: the first date outside URLs (seed 003's 2024/3/18 is a URL's)
      {"https://www.cnipa.gov.cn/art/2024/3/18/art_66_191046.html\nCSF 2015-07-16", "2015-07-16"},
      {"<https://tech.gmw.cn/2024-03/18/content_37208740.htm>", ""},
      {"http://example.com/news/20240315.html 2024-03-18", "2024-03-18"},
      // not dates
      {"25곳, 3.15 지정", ""},
      {"전화 2024-1234-5678", ""},
      {"2024. 2. 30.", ""},  // no such day
      {"12024-03-29", ""},   // part of a longer number
      {"2024-03.29", ""},    // mixed separators
      {"'2024년", ""},
  };
  for (const auto& c : cases) {
    INFO(std::string(c.text));
    CHECK(detail::documentDate(c.text) == std::string(c.date));
  }
}

TEST_CASE("a document's headline: the first line of content after the chrome") {
  struct Case {
    const char* text;
    const char* title;
  } cases[] = {
      // seed 004's shape: chrome, the headline, byline and share bar, the headline again, a
      // subtitle
      {"본문 바로가기\n  • 유해게시물신고\n미래부, 중국과 전략적 동반자 관계 맺기에 나선다\n홍보영 "
       "기자|papersong@kidd.co.kr\n"
       "페이스북 트위터 카카오스토리 네이버블로그 프린트 PDF 다운로드\n\n최양희 장관 이달 "
       "17일~20일 방중(訪中)\n\n"
       "기사입력 2014-12-19 18:00:10\n최양희 장관은 출국했다.\n",
       "미래부, 중국과 전략적 동반자 관계 맺기에 나선다"},
      // seed 002's shape: a section banner, the site's blurb, then the headline and a dateline
      {"본문 바로가기\n\n이슈 & 트렌드\n\n이슈 & 트렌드\n\n경제, 정치·외교, 사회·문화 등 다양한 "
       "분야의 주요 이슈에 대한 동향을 "
       "정리하여 제공합니다.\n\n중국 기술서비스업의 발전과 한중 협력\n\nCSF 2015-07-16\n\n□ 한중 "
       "기술협력 추진 사례\n",
       "중국 기술서비스업의 발전과 한중 협력"},
      // a masthead, a breadcrumb and a menu before the headline (dev biz_01, biz_04)
      {"본문 바로가기 | 주메뉴 바로가기\n디지털산업신문\n홈 > IT·과학 > 통신·뉴미디어\n로그인 | "
       "회원가입 | 구독신청\n\n"
       "한국화웨이, 국내 중소기업 3곳과 5G 생태계 MOU\n\n기사입력 2019.10.14 15:42 | 최종수정 "
       "2019.10.14 17:05\n",
       "한국화웨이, 국내 중소기업 3곳과 5G 생태계 MOU"},
      {"경제투데이\n경제 | 산업 | IT·과학 | 금융 | 부동산 | 국제 | 오피니언 | 포토\n전체기사 > "
       "IT·과학 > 모바일\n\n"
       "샤오미, 한국 스마트폰 시장 공략 본격화…\"법인 설립은 아직\"\n\n입력 2020-07-08 16:20\n",
       "샤오미, 한국 스마트폰 시장 공략 본격화...\"법인 설립은 아직\""},  // NFKC: … -> ...
      // a menu spaced out instead of marked (dev pol_10)
      {"전문가오피니언   이슈&트렌드   지역정보   산업정보   통계   발간물\n\n중국 하이난 "
       "자유무역항 건설 동향\n",
       "중국 하이난 자유무역항 건설 동향"},
      // a press release's letterhead and fields (dev pol_03)
      {"보 도 자 료\n\n과 학 기 술 부\n배포일시: 1999. 10. 26.(화)   보도일시: 즉시\n"
       "담  당: 기술협력국 구주아주협력과  과장 윤OO (02-503-7634)\n\n제5차 한·중 과학기술협력 "
       "공동위원회 개최\n",
       "제5차 한·중 과학기술협력 공동위원회 개최"},
      // a dateline first
      {"2024. 3. 29.\n중국 과학기술 정책 주간동향\n", "중국 과학기술 정책 주간동향"},
      // a headline ending like a sentence is still the headline
      {"샤오미, 한국 시장에 진출한다\n샤오미는 서울에 사무소를 열었다.\n",
       "샤오미, 한국 시장에 진출한다"},
      {"", ""},
  };
  for (const auto& c : cases) {
    INFO(std::string(c.text));
    std::string text = normalize(c.text).text;
    CHECK(detail::documentTitle(text, segment(text)) == std::string(c.title));
  }
}

TEST_CASE("a title is at most kMaxTitleBytes, cut at a character boundary") {
  // A one-line document of one sentence repeated (issue 21, kind 11): its line is its
  // headline, but not megabytes of it.
  std::string unit =
      "중국 과학기술부는 상하이 푸둥신구와 협력 계획을 발표했다 ";  // 3-byte syllables, spaces
  std::string line;
  while (line.size() < 100000) line += unit;
  for (const std::string& text : {line, "abc" + line, "ab" + line, line + "\n둘째 줄이다.\n"}) {
    std::string n = normalize(text).text;
    std::string title = detail::documentTitle(n, segment(n));
    CHECK(title.size() <= detail::kMaxTitleBytes);
    CHECK(title.size() >= detail::kMaxTitleBytes - 4);  // a code point and a space less, at most
    CHECK(n.compare(0, title.size(), title) == 0);
    CHECK(detail::scanUtf8(title).invalidAt == std::string_view::npos);
    CHECK(title.back() != ' ');
  }
  // A title within the limit is whole.
  std::string exact = "headline " + std::string(detail::kMaxTitleBytes - 16, 'a') + " 가나";
  REQUIRE(exact.size() == detail::kMaxTitleBytes);
  CHECK(detail::documentTitle(exact, segment(exact)) == exact);
}

TEST_CASE("particle chains end names; other word endings do not") {
  struct Case {
    const char* tail;
    bool chain;
  } cases[] = {{"은 ", true},   {"는", true},    {"이", true},   {"가", true},     {"을", true},  {"를", true},
               {"과", true},    {"와", true},    {"의", true},   {"에", true},     {"에서", true}, {"으로", true},
               {"로", true},    {"도", true},    {"만", true},   {"까지", true},   {"부터", true}, {"에서는", true},
               {"과의 ", true}, {"어 ", false},  {"인 ", false}, {"학", false}};
  for (const auto& c : cases) {
    bool whole = false;
    size_t n = particleChain(c.tail, &whole);
    CHECK_MESSAGE((n > 0 && whole) == c.chain, std::string(c.tail));
  }
}

// ------------------------------------------------------------------ mentions

TEST_CASE("lexicon matches stop at particles, not inside words") {
  auto d = run("중국은 중국어 교육을 확대하고 베이징에서 회의를 열었다.");
  const Entity* china = entity(d, "중국", NodeType::Place);
  REQUIRE(china);
  CHECK(china->mentions == 1);  // 중국은 yes, 중국어 no
  CHECK(entity(d, "베이징", NodeType::Place));
}

TEST_CASE("names found by head noun and shape, with particles kept out") {
  struct Case {
    const char* sentence;
    const char* name;
    NodeType type;
  } cases[] = {
      {"정부는 충칭 시범산업단지에 투자를 확대했다.", "충칭 시범산업단지", NodeType::Zone},
      {"옌타이 종합보세구는 올해 수출이 늘었다.", "옌타이 종합보세구", NodeType::Zone},
      {"선전 첸하이 디지털경제시범구를 조성함.", "디지털경제시범구", NodeType::Zone},
      {"시는 녹색에너지개발구에서 실증을 추진함.", "녹색에너지개발구", NodeType::Zone},
      {"저장성은 항저우 미래과학성을 건설함.", "항저우 미래과학성", NodeType::Zone},
      {"닝보신화그룹은 새 공장을 세웠다.", "닝보신화그룹", NodeType::Company},
      {"중국석탄과학공업그룹은 기술을 확보함.", "중국석탄과학공업그룹", NodeType::Company},
      {"국가에너지투자공사가 발표했다.", "국가에너지투자공사", NodeType::Company},
      {"국가광전총국은 규정을 발표했다.", "국가광전총국", NodeType::Agency},
      {"산둥성 과학기술청은 지침을 마련함.", "산둥성 과학기술청", NodeType::Agency},
      {"광둥성정부는 계획을 발표했다.", "광둥성정부", NodeType::Agency},
      {"저장대학교 연구팀은 로봇을 개발함.", "저장대학교", NodeType::Organization},
      {"중국과학원 자동화연구소는 새 모델을 공개함.", "중국과학원 자동화연구소", NodeType::Organization},
      {"한국생산기술연구원과 협력함.", "한국생산기술연구원", NodeType::Organization},
      {"중국반도체산업협회에 따르면 매출이 늘었다.", "중국반도체산업협회", NodeType::Organization},
      {"국무원은 「인공지능 산업 발전 지침」을 발표했다.", "인공지능 산업 발전 지침", NodeType::Program},
      {"공업정보화부는 '로봇 산업 육성 방안'을 마련했다.", "로봇 산업 육성 방안", NodeType::Program},
      {"《데이터 안전 관리 규정》이 시행된다.", "데이터 안전 관리 규정", NodeType::Program},
      {"상하이에서 제7회 세계인공지능대회가 열렸다.", "제7회 세계인공지능대회", NodeType::Event},
      {"양국은 한중 디지털경제 포럼을 개최했다.", "한중 디지털경제 포럼", NodeType::Event},
      {"베이징 상디정보산업기지에는 IT 기업이 모였다.", "베이징 상디정보산업기지", NodeType::Zone},
      {"하이난성은 원창 국제항천성을 조성한다.", "원창 국제항천성", NodeType::Zone},
      {"싼야 야저우완 과학기술성에 연구소가 들어선다.", "싼야 야저우완 과학기술성", NodeType::Zone},
      {"충북 오송생명과학단지에 입주했다.", "오송생명과학단지", NodeType::Zone},
      {"국무원은 ‘중관촌 시범구 건설 지지에 관한 비복’을 내렸다.", "중관촌 시범구 건설 지지에 관한 비복",
       NodeType::Program},
      {"양국은 ‘연구용 원자로 공동이용 약정’에 서명했다.", "연구용 원자로 공동이용 약정", NodeType::Program},
      {"왕즈강 과학기술부 부장은 연설했다.", "왕즈강", NodeType::Person},
      {"화웨이의 쉬즈쥔 회장은 말했다.", "쉬즈쥔", NodeType::Person},
      // the management body of a zone the lexicon knows by several words, by its short form too
      {"옌타이 하이테크산업개발구 관리위원회는 투자를 유치했다.", "옌타이 하이테크산업개발구 관리위원회",
       NodeType::Agency},
      {"한빛메디텍은 옌타이 고신구 관리위원회와 투자협약을 맺었다.", "옌타이 고신구 관리위원회", NodeType::Agency},
      // a name glossed as a person's in Han characters, though it ends in an agency head (청)
      {"판즈청(潘志成) 옌타이 고신구 관리위원회 주임이 참석했다.", "판즈청", NodeType::Person},
      {"우즈청(吳志成) 부부장이 참석했다.", "우즈청", NodeType::Person},
      // (a Han gloss that ends as an agency's name does is the agency's: 商 is also a surname)
      {"상무부(商務部)는 새 지침을 발표했다.", "상무부", NodeType::Agency},
      {"해관총서(海關總署)는 새 지침을 발표했다.", "해관총서", NodeType::Agency},
      // a title with its period or status in a bracket: the bracket is the title's; another
      // form of the title there is not
      {"발개위는 「정저우 항공항 발전계획(2013~2025년)」을 발표했다.", "정저우 항공항 발전계획(2013~2025년)",
       NodeType::Program},
      {"상무부는 「하이난 특별관리조치(2020년판)」를 발표했다.", "하이난 특별관리조치(2020년판)", NodeType::Program},
      // (∼, U+223C, which NFKC leaves, as HWP copies write a range)
      {"발개위는 「정저우 항공항 발전계획(2013∼2025년)」을 발표했다.", "정저우 항공항 발전계획(2013∼2025년)",
       NodeType::Program},
      {"양국은 ‘한·중 과학기술공동위원회(과기공동위)’를 열었다.", "과기공동위", NodeType::Event},
      {"연구소는 「국가 하이테크 연구발전계획(863계획)」의 지원을 받았다.", "국가 하이테크 연구발전계획",
       NodeType::Program},
      // (a short sentence with a word of page chrome in it is a sentence: 인쇄발부 "printed and issued")
      {"발개위는 「정저우 발전계획」을 인쇄발부함.", "정저우 발전계획", NodeType::Program},
      // (and when its first word, a common word too, stops the walk over the words)
      {"개소식에는 지난 하이테크산업개발구 관리위원회 관계자가 참석했다.", "지난 하이테크산업개발구 관리위원회",
       NodeType::Agency},
  };
  for (const auto& c : cases) {
    auto d = run(c.sentence);
    CHECK_MESSAGE(entity(d, c.name, c.type), (std::string(c.sentence) + "\n" + dump(d)));
  }
}

TEST_CASE("particles and verbs never end up in names") {
  const char* bad[] = {"시범산업단지에", "종합보세구는", "그룹은", "발표했다", "개최했다", "협력함"};
  for (const char* s : {"정부는 충칭 시범산업단지에 투자를 확대했다.", "옌타이 종합보세구는 올해 수출이 늘었다.",
                        "닝보신화그룹은 새 공장을 세웠다."}) {
    auto d = run(s);
    for (const auto& e : d.entities)
      for (const char* b : bad) CHECK_MESSAGE(e.name.find(b) == std::string::npos, e.name);
  }
}

TEST_CASE("verbs, connectives, time and side words before a head are no part of the name") {
  struct Case {
    std::string_view text, name, notName;
    NodeType type;
  };
  const Case cases[] = {
      {"서울에서 열린 투자유치 설명회에는 50개사가 참가했다.\n", "투자유치 설명회", "열린 투자유치 설명회", NodeType::Event},
      {"양측은 내년에 열릴 제3회 포럼을 준비하기로 했다.\n", "제3회 포럼", "열릴 제3회 포럼", NodeType::Event},
      {"중국과학원 산하 다롄화학물리연구소는 신기술을 발표했다.\n", "다롄화학물리연구소", "산하 다롄화학물리연구소",
       NodeType::Organization},
      {"양국은 매년 실무회의를 열고 있다.\n", "", "매년 실무회의", NodeType::Event},
      {"유성구에 본원을 둔 한국기계연구원은 로봇을 개발했다.\n", "한국기계연구원", "둔 한국기계연구원",
       NodeType::Organization},
      {"시는 세계적 수준을 갖춘 과학기술혁신센터를 세운다.\n", "", "갖춘 과학기술혁신센터", NodeType::Organization},
      // no person: a firm's legal form cut off by a bracket, "both sides", a market's product
      {"세광전자(쑤저우)유한공사 총경리가 참석했다.\n", "", "유한공사", NodeType::Person},
      {"양측 대표 40여명이 참석했다.\n", "", "양측", NodeType::Person},
      {"샤오미는 한국 스마트폰 시장 공략에 나섰다.\n", "", "스마트폰", NodeType::Person},
      // a status in a bracket after a title is no form of it
      {"양측은 ‘한중 디지털 포럼(가칭)’을 열기로 했다.\n", "한중 디지털 포럼(가칭)", "가칭", NodeType::Event},
      // a word that ends in an agency head and names no agency (@agency-false-friend)
      {"선전은 중국 정보통신 산업의 심장부로 불린다.\n", "", "심장부", NodeType::Agency},
      {"중국 정부는 개도국 지원을 늘렸다.\n", "", "개도국", NodeType::Agency},
      // a closing straight double quote opens no title: "…"며 "…"
      {"배 장관은 \"과제가 많다\"며 \"전략대화를 협력 채널로 만들겠다\"고 말했다.\n", "", "며 전략대화",
       NodeType::Event},
      // 부설, "attached to", as 산하
      {"대표단은 대학 부설 한빛가속기연구소를 둘러봤다.\n", "한빛가속기연구소", "대학 부설 한빛가속기연구소",
       NodeType::Organization},
      {"한빛연구원 부설 원자력연수원에서 교육을 받았다.\n", "원자력연수원", "부설 원자력연수원",
       NodeType::Organization},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    DocumentResult d = run(c.text);
    CAPTURE(dump(d));
    if (!c.name.empty()) CHECK(entity(d, c.name, c.type) != nullptr);
    CHECK(entity(d, c.notName) == nullptr);
  }
}

TEST_CASE("한·중, 중·한, 한·중·일: a dot between country abbreviations stays inside the name") {
  struct Case {
    std::string_view text, name;
    NodeType type;
  };
  const Case cases[] = {
      {"양국은 서울에서 ‘제3차 한·중 과학기술공동위원회’를 열었다.\n", "제3차 한·중 과학기술공동위원회", NodeType::Event},
      {"중·한시범구 관리위원회는 투자설명회를 열었다.\n", "중·한시범구 관리위원회", NodeType::Agency},
      {"한·중·일 과학기술협력센터는 보고서를 냈다.\n", "한·중·일 과학기술협력센터", NodeType::Organization},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    DocumentResult d = run(c.text);
    CAPTURE(dump(d));
    CHECK(entity(d, c.name, c.type) != nullptr);
  }
  // a list of two things stays a list
  DocumentResult d = run("소재·부품 기업과 한국·중국 정부가 참여했다.\n");
  CHECK(entity(d, "한국·중국") == nullptr);
}

TEST_CASE("a body named after the body it belongs to is its unit (partOf); a place before a name is not") {
  struct Case {
    std::string_view text, unit, body;
    bool partOf;
  };
  const Case cases[] = {
      {"KOTRA 칭다오무역관은 설명회를 열었다.\n", "KOTRA 칭다오무역관", "KOTRA", true},
      {"중국과학원 국제합작국은 보고서를 냈다.\n", "중국과학원 국제합작국", "중국과학원", true},
      {"국무원 판공청은 의견을 발표했다.\n", "국무원 판공청", "국무원", true},
      {"하얼빈 종합보세구는 수출이 늘었다.\n", "하얼빈 종합보세구", "하얼빈", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    DocumentResult d = run(c.text);
    CAPTURE(dump(d));
    CHECK(hasRelation(d, EdgeType::PartOf, c.unit, c.body) == c.partOf);
  }
}

TEST_CASE("parenthesised Hanja, English and acronyms become aliases") {
  auto d = run("국가광전총국(國家廣電總局, NRTA)은 규정을 발표했다. 한편 한국의 넥스트칩(nextchip)사는 제휴했다.");
  const Entity* a = entity(d, "국가광전총국", NodeType::Agency);
  REQUIRE(a);
  CHECK(names(*a, "國家廣電總局"));
  CHECK(names(*a, "NRTA"));
  const Entity* c = entity(d, "넥스트칩", NodeType::Company);
  REQUIRE_MESSAGE(c, dump(d));
  CHECK(names(*c, "nextchip"));
  // after one space too: the gloss is the name's, and the word after it follows the name
  // ("A와 B (CIAE) 간": B stands right before 간 for the rules)
  auto spaced = run("양측은 한국원자력연구원과 중국원자능과학연구원 (CIAE) 간 「연구용 원자로 공동이용 약정」에 서명했다.");
  const Entity* ciae = entity(spaced, "중국원자능과학연구원", NodeType::Organization);
  REQUIRE_MESSAGE(ciae, dump(spaced));
  CHECK(names(*ciae, "CIAE"));
  CHECK_MESSAGE(hasRelation(spaced, EdgeType::CooperatesWith, "한국원자력연구원", "중국원자능과학연구원"), dump(spaced));
  // a parenthesis of Hangul or of a number after a space, or after a closing mark, is no
  // gloss: it stays in the clean text
  for (std::string_view text : {"한빛테크 (사진) 공개", "한빛테크 (2019) 보고서", "「협정」 (MOU) 체결"}) {
    CAPTURE(text);
    detail::Clean cl = detail::makeClean(text, 0);
    CHECK(cl.parens.empty());
    CHECK(cl.s == text);
  }
  // a gloss whose Han form has its own parentheses, with a short form after "이하": the
  // whole parenthetical is the gloss, both forms name the zone, and the short form is no
  // name of its own
  auto nested = run(
      "한중(웨이하이)산업단지(韓中(威海)産業園, 이하 웨이하이 산업단지)는 2021년 문을 열었다. "
      "웨이하이 산업단지에는 한국 기업 30곳이 입주했다.");
  const Entity* park = entity(nested, "한중(웨이하이)산업단지", NodeType::Zone);
  REQUIRE_MESSAGE(park, dump(nested));
  CHECK(names(*park, "韓中(威海)産業園"));
  CHECK(names(*park, "웨이하이 산업단지"));
  for (const auto& e : nested.entities) CHECK_MESSAGE(e.name.rfind("이하", 0) == std::string::npos, dump(nested));
  detail::Clean inner = detail::makeClean("중한산업원(中韓(煙台)産業園, 이하 산업원)은", 0);
  REQUIRE(inner.parens.size() == 1);
  CHECK(inner.s == "중한산업원은");
  CHECK(inner.parens[0].aliases == std::vector<std::string>{"中韓(煙台)産業園", "산업원"});
  // a parenthesis of Hangul before "이하" stays in the text
  CHECK(detail::makeClean("산업원(옌타이 소재, 이하 산업원)은", 0).parens.empty());
  detail::Clean glossed = detail::makeClean("중국원자능과학연구원 (CIAE) 간", 0);
  REQUIRE(glossed.parens.size() == 1);
  CHECK(glossed.s == "중국원자능과학연구원 간");
}

// ------------------------------------------------------------------ relations

struct RelCase {
  const char* sentence;
  EdgeType type;
  const char* source;
  const char* target;
  bool expected;  // false: the rule must not fire
};

void checkRelations(const std::vector<RelCase>& cases) {
  for (const auto& c : cases) {
    auto d = run(c.sentence);
    CHECK_MESSAGE(hasRelation(d, c.type, c.source, c.target) == c.expected, (std::string(c.sentence) + "\n" + dump(d)));
    // (an edge that must be absent is absent between things that were found: else the case
    // could not fail)
    if (!c.expected)
      CHECK_MESSAGE((entity(d, c.source) && entity(d, c.target)), (std::string(c.sentence) + "\n" + dump(d)));
  }
}

// A sentence and the name of one type it must yield, or nullptr: no name of
// that type at all.
struct TypedCase {
  const char* sentence;
  const char* name;
};

void checkTyped(NodeType type, const std::vector<TypedCase>& cases) {
  for (const auto& c : cases) {
    auto d = run(c.sentence);
    size_t ofType = 0;
    for (const auto& e : d.entities) ofType += e.type == type;
    if (c.name) CHECK_MESSAGE(entity(d, c.name, type), (std::string(c.sentence) + "\n" + dump(d)));
    else CHECK_MESSAGE(ofType == 0, (std::string(c.sentence) + "\n" + dump(d)));
  }
}

// A name of a type that a sentence must (or must not) yield.
struct EntityCase {
  const char* sentence;
  const char* name;
  NodeType type;
  bool expected;
};

void checkEntities(const std::vector<EntityCase>& cases) {
  for (const auto& c : cases) {
    auto d = run(c.sentence);
    CHECK_MESSAGE((entity(d, c.name, c.type) != nullptr) == c.expected, (std::string(c.sentence) + "\n" + dump(d)));
  }
}

TEST_CASE("a head after a stem of generic words (words.tsv @generic-stem) names nothing; a name before it does") {
  checkEntities({
      {"톈진항 인근에 대형 물류센터와 고객센터가 들어섰다.", "물류센터", NodeType::Organization, false},
      {"톈진항 인근에 대형 물류센터와 고객센터가 들어섰다.", "고객센터", NodeType::Organization, false},
      {"신항 배후에 북방 국제해운센터를 조성한다.", "북방 국제해운센터", NodeType::Organization, false},
      {"한중과학기술협력센터는 보고서를 발간했다.", "한중과학기술협력센터", NodeType::Organization, true},
      {"한빛테크 물류센터가 문을 열었다.", "한빛테크 물류센터", NodeType::Organization, true},
      // a world region as the scope of a record is no place the text is about (@superlative-scope)
      {"아시아 최초의 심해 재킷구조물이 착공됐다.", "아시아", NodeType::Place, false},
      {"무게는 3.7만t으로 여러 아시아 기록을 세웠다.", "아시아", NodeType::Place, false},
      {"한빛테크는 아시아 시장 공략에 나섰다.", "아시아", NodeType::Place, true},
      {"량장신구는 중서부 최초의 국가급 신구다.", "중서부", NodeType::Place, true},  // China's region
      // a company inside a company's name is no mention of its own
      {"화웨이 클라우드는 8개사와 전략적 협력을 체결했다.", "화웨이", NodeType::Company, false},
      {"화웨이 클라우드는 8개사와 전략적 협력을 체결했다.", "화웨이 클라우드", NodeType::Company, true},
      // a country's government is a class of bodies; a province's is one body
      {"중국 정부는 반도체 지원을 늘렸다.", "중국 정부", NodeType::Agency, false},
      {"허베이성 정부는 지원책을 발표했다.", "허베이성 정부", NodeType::Agency, true},
  });
}

TEST_CASE("a post written against a three-syllable name is a person and the post (words.tsv @glued-post)") {
  auto d = run("계약식에는 포철 염태규사장과 사강그룹 주광우(朱廣宇)동사장이 서명했다.\n");
  CHECK_MESSAGE(entity(d, "염태규", NodeType::Person), dump(d));
  CHECK_MESSAGE(hasRelation(d, EdgeType::Leads, "주광우", "사강그룹"), dump(d));
  // not a body's post ("한국연구소장": 4 syllables before it), not a word that only ends so
  checkEntities({
      {"한국연구소장은 결과를 발표했다.", "한국연구", NodeType::Person, false},
      {"이번 협약은 중소기업대표들이 주도했다.", "중소기", NodeType::Person, false},
      // a post that ends in a head names no body; the name before it is the person
      {"센터장에는 한승우 책임연구원이 임명됐다.", "한승우 책임연구원", NodeType::Organization, false},
      {"센터장에는 한승우 책임연구원이 임명됐다.", "한승우", NodeType::Person, true},
  });
}

TEST_CASE("a province or city in a body's role in a relation is its government; a country stays a place") {
  // a party to an agreement, listed beside bodies: the mention is the government's
  auto d = run("새만금개발청은 전라북도, 군산시, 한빛소재㈜와 투자협약을 체결했다.\n");
  const Entity* gunsan = entity(d, "군산시", NodeType::Agency);
  REQUIRE_MESSAGE(gunsan, dump(d));
  CHECK_MESSAGE(!entity(d, "군산시", NodeType::Place), dump(d));
  CHECK_MESSAGE(hasRelation(d, EdgeType::CooperatesWith, "새만금개발청", "군산시"), dump(d));
  size_t retyped = 0;
  for (const auto& m : d.mentions)
    if (d.rule(m) == "government-role") {
      ++retyped;
      CHECK((d.entities[m.entity].type == NodeType::Agency));
    }
  CHECK(retyped == 1);
  // the same place as a location elsewhere stays the Place; one fact stays one edge
  auto twice = run("포항시는 한빛테크와 투자협약을 체결했다. 한빛테크는 포항시에 공장을 세운다.\n");
  CHECK_MESSAGE(entity(twice, "포항시", NodeType::Agency), dump(twice));
  CHECK_MESSAGE(entity(twice, "포항시", NodeType::Place), dump(twice));
  size_t coop = 0;
  for (const auto& r : twice.relations) coop += r.type == EdgeType::CooperatesWith;
  CHECK_MESSAGE(coop == 1, dump(twice));
  CHECK_MESSAGE(!hasRelation(twice, EdgeType::CooperatesWith, "한빛테크", "포항") , dump(twice));
  // a mayor's post written onto the name leads the government
  auto mayor = run("협약식에는 박영수 포항시장이 참석했다.\n");
  CHECK_MESSAGE(hasRelation(mayor, EdgeType::Leads, "박영수", "포항시"), dump(mayor));
  // countries, and cities without their suffix, stay places
  auto countries = run("한국과 중국은 과학기술협력협정을 체결했다. 인천과 웨이하이는 우호협력 협정을 체결했다.\n");
  CHECK_MESSAGE(entity(countries, "한국", NodeType::Place), dump(countries));
  CHECK_MESSAGE(!entity(countries, "한국", NodeType::Agency), dump(countries));
  CHECK_MESSAGE(!entity(countries, "인천", NodeType::Agency), dump(countries));
}

TEST_CASE("issued") {
  checkRelations({
      {"공업정보화부는 '신형 배터리 산업 발전 방안'을 발표했다.", EdgeType::Issued, "공업정보화부",
       "신형 배터리 산업 발전 방안", true},
      {"최근 국가발개위는 '디지털 경제 촉진 계획'을 수립하였다.", EdgeType::Issued, "국가발전개혁위원회",
       "디지털 경제 촉진 계획", true},
      {"상무부, '서비스 무역 혁신 방안' 발표", EdgeType::Issued, "상무부", "서비스 무역 혁신 방안", true},
      {"재정부와 국가세무총국은 공동으로 '연구개발비 공제 정책'을 공표했다.", EdgeType::Issued, "국가세무총국",
       "연구개발비 공제 정책", true},
      {"재정부와 국가세무총국은 공동으로 '연구개발비 공제 정책'을 공표했다.", EdgeType::Issued, "재정부",
       "연구개발비 공제 정책", true},
      // Not an issuer: the agency only comments on a plan someone else made.
      {"상무부는 '서비스 무역 혁신 방안'에 대해 논평하지 않았다.", EdgeType::Issued, "상무부",
       "서비스 무역 혁신 방안", false},
      // The issuer named in the title, with its particle: "X의 … 통지".
      {"- '국가지적재산권국의 특허제품 등록에 관한 통지' 규정에 따라 등록을 완성", EdgeType::Issued, "국가지적재산권국",
       "국가지적재산권국의 특허제품 등록에 관한 통지", true},
      {"- '중국의 인공지능 발전 계획'에 따라 집계함.", EdgeType::Issued, "중국", "중국의 인공지능 발전 계획", false},
  });
}

TEST_CASE("locatedIn") {
  checkRelations({
      {"장쑤 서부에 위치한 난징시는 인재를 유치함.", EdgeType::LocatedIn, "난징", "장쑤", true},
      {"옌타이 종합보세구는 올해 수출이 늘었다.", EdgeType::LocatedIn, "옌타이 종합보세구", "옌타이", true},
      {"한국의 넥스트칩사는 중국 기업과 제휴했다.", EdgeType::LocatedIn, "넥스트칩", "한국", true},
      {"상하이 푸둥신구는 개혁 시범을 추진함.", EdgeType::LocatedIn, "푸둥신구", "상하이", true},
      // Two places side by side: neither is located in the other by this rule.
      {"베이징 상하이 광저우 등 대도시에서 시행함.", EdgeType::LocatedIn, "상하이", "베이징", false},
  });
}

TEST_CASE("cooperatesWith") {
  checkRelations({
      {"샤오미는 하이얼과 스마트홈 분야에서 전략적 협력 협약을 체결했다.", EdgeType::CooperatesWith, "샤오미",
       "하이얼", true},
      {"한국과학기술연구원과 중국과학원은 공동연구 MOU를 맺었다.", EdgeType::CooperatesWith, "한국과학기술연구원",
       "중국과학원", true},
      {"바이두와 지리자동차 간의 협력이 확대되고 있다.", EdgeType::CooperatesWith, "바이두", "지리자동차", true},
      // Competition is not cooperation.
      {"바이두는 알리바바와 경쟁하고 있다.", EdgeType::CooperatesWith, "바이두", "알리바바", false},
  });
}

TEST_CASE("leads, partOf, participatesIn, targets") {
  checkRelations({
      {"왕즈강 과학기술부 부장은 연설했다.", EdgeType::Leads, "왕즈강", "중국 과학기술부", true},
      {"화웨이의 쉬즈쥔 회장은 말했다.", EdgeType::Leads, "쉬즈쥔", "화웨이", true},
      {"중국과학원 자동화연구소는 새 모델을 공개함.", EdgeType::PartOf, "중국과학원 자동화연구소", "중국과학원", true},
      {"시진핑 주석은 보아오포럼에 참석했다.", EdgeType::ParticipatesIn, "시진핑", "보아오포럼", true},
      {"과학기술정보통신부는 중관촌포럼을 개최했다.", EdgeType::ParticipatesIn, "과학기술정보통신부", "중관촌포럼",
       true},
      {"국무원은 '신구 발전 방안'에서 푸둥신구와 슝안신구를 시범구역으로 지정했다.", EdgeType::Targets,
       "신구 발전 방안", "슝안신구", true},
      // A programme reached "through" is taken part in, not issued.
      {"중국과학원 자동화연구소는 국가중점연구개발계획을 통해 추진한 '로봇 연구 프로젝트'의 성과를 발표",
       EdgeType::ParticipatesIn, "중국과학원 자동화연구소", "국가중점연구개발계획", true},
      {"중국과학원 자동화연구소는 국가중점연구개발계획을 통해 추진한 '로봇 연구 프로젝트'의 성과를 발표",
       EdgeType::Issued, "중국과학원 자동화연구소", "국가중점연구개발계획", false},
      // A place merely mentioned after the plan, in another clause, is not its target.
      {"국무원은 '신구 발전 방안'을 발표했다. 한편 일본은 금리를 올렸다.", EdgeType::Targets, "신구 발전 방안",
       "일본", false},
  });
}

TEST_CASE("a counted, designated set of places is a programme; the places listed next are its targets") {
  checkTyped(NodeType::Program, {
      {"과학기술부는 올해 25곳의 과학기술서비스업 시범지역(科技服務業試点區域)을 선정함.", "과학기술서비스업 시범지역"},
      {"공업정보화부는 10개 스마트제조 시범도시를 지정했다.", "스마트제조 시범도시"},
      {"국가발전개혁위원회는 8곳의 국가 디지털경제 혁신도시를 확정했다.", "국가 디지털경제 혁신도시"},
      // no count, no stem, or no designation verb: nothing
      {"상하이는 시범지역으로 지정되었다.", nullptr},
      {"정부는 25곳의 시범지역을 선정함.", nullptr},
      {"우한 등 3개 스마트제조 시범도시에서 시행 중이다.", nullptr},
      {"10개 스마트제조 시범도시를 둘러보았다.", nullptr},
  });
  checkRelations({
      {"과학기술부는 25곳의 과학기술서비스업 시범지역을 선정함.", EdgeType::Issued, "중국 과학기술부",
       "과학기술서비스업 시범지역", true},
      // The list on the next line: names with glosses, a place qualifying a name we do not know.
      {"과학기술부는 25곳의 과학기술서비스업 시범지역을 선정함.\n- 베이징 중관춘(中關村), 상하이 장강(張江), "
       "우한동후(武漢東湖) 등이 포함됨.",
       EdgeType::Targets, "과학기술서비스업 시범지역", "우한동후", true},
      {"과학기술부는 25곳의 과학기술서비스업 시범지역을 선정함.\n- 베이징 중관춘(中關村), 상하이 장강(張江), "
       "우한동후(武漢東湖) 등이 포함됨.",
       EdgeType::Targets, "과학기술서비스업 시범지역", "중관촌", true},
      {"과학기술부는 25곳의 과학기술서비스업 시범지역을 선정함.\n- 베이징 중관춘(中關村), 상하이 장강(張江), "
       "우한동후(武漢東湖) 등이 포함됨.",
       EdgeType::Targets, "과학기술서비스업 시범지역", "상하이", false},
      // Places that issue their own policies end the programme's section.
      {"국무원은 '과학기술 혁신 방안'을 발표함.\n- 상하이, 허베이, 산둥 등 여러 지역에서 잇달아 육성정책을 발표함.",
       EdgeType::Targets, "과학기술 혁신 방안", "허베이", false},
      {"국무원은 '과학기술 혁신 방안'을 발표함.\n- 상하이, 허베이, 산둥 등을 시범지역으로 지정함.", EdgeType::Targets,
       "과학기술 혁신 방안", "허베이", true},
      // A sentence whose subject is a zone describes the zone: its parts are not the programme's.
      {"국무원은 '빈하이신구 개발 추진 의견'을 발표함.\n빈하이신구는 톈진항과 톈진항 보세구 등을 포함해 면적이 "
       "넓으며 국가 중점 개발지역으로 지정됐다.",
       EdgeType::Targets, "빈하이신구 개발 추진 의견", "톈진항 보세구", false},
  });
}

TEST_CASE("a region that includes a list of places: each lies in the region") {
  const char* central =
      "중국 중부지역은 산시(山西)성, 안후이(安徽)성, 장시(江西)성, 허난(河南)성, 후베이(湖北)성, 후난(湖南)성 등 6개 성을 "
      "포함하여 GDP는 전국의 21%를 차지";
  checkRelations({
      {central, EdgeType::LocatedIn, "산시", "중부지역", true},
      {central, EdgeType::LocatedIn, "후난", "중부지역", true},
      {central, EdgeType::LocatedIn, "중부지역", "중국", true},  // a place before a region word
      {"징진지는 베이징, 톈진, 허베이성을 포함한다.", EdgeType::LocatedIn, "톈진", "징진지", true},
      {"중국 서부지역은 쓰촨성, 윈난성, 구이저우성 등을 포함함.", EdgeType::LocatedIn, "윈난", "서부지역", true},
      // not a list up to the verb, or not places: nothing
      {"상하이는 푸둥, 쑤저우 등과의 협력을 포함한 계획을 세웠다.", EdgeType::LocatedIn, "쑤저우", "상하이", false},
      {"광둥성은 선전, 광저우 등 여러 도시의 기업을 포함해 100곳을 지원한다.", EdgeType::LocatedIn, "광저우", "광둥성",
       false},
      {"베이징은 톈진과 협력을 포함한 계획을 세웠다.", EdgeType::LocatedIn, "톈진", "베이징", false},
  });
}

TEST_CASE("ports: a city's name with 항 in one word") {
  checkTyped(NodeType::Zone, {
      {"상하이항, 텐진항, 칭다오항 등 국제허브항구를 건설", "상하이항"},
      {"상하이항, 텐진항, 칭다오항 등 국제허브항구를 건설", "톈진항"},  // spelling folded to the lexicon's
      {"칭다오항은 올해 물동량이 늘었다.", "칭다오항"},
      {"광저우항에서 수출이 늘었다.", "광저우항"},
      {"상하이항공은 새 노선을 열었다.", nullptr},
      {"주요 사항을 논의했다.", nullptr},
      {"관련 조항을 개정했다.", nullptr},
  });
}

TEST_CASE("hyphenated partners, market and growth, bare quoted heads") {
  {
    // Both partners of "A-B …산업단지" are places, and neither locates the park.
    auto d = run("중국은 말레이시아-중국 콴탄산업단지와 중국-싱가폴 쑤저우공업단지를 구축함.");
    CHECK_MESSAGE(entity(d, "말레이시아", NodeType::Place), dump(d));
    CHECK_MESSAGE(entity(d, "싱가포르", NodeType::Place), dump(d));
    for (const auto& r : d.relations)
      CHECK_MESSAGE((r.type != EdgeType::LocatedIn), dump(d));
  }
  checkTyped(NodeType::Person, {
      {"데이터베이스 등록기업이 지역 주식 시장에 진입할 수 있도록 지원함.", nullptr},
      {"올해 경제 성장은 둔화되었다.", nullptr},
      {"천지닝 시장은 베이징의 계획을 설명했다.", "천지닝"},
      {"왕즈강 과학기술부 부장은 연설했다.", "왕즈강"},
  });
  {
    // 「의견」 refers back to the opinions named before; it is no programme of its own.
    auto d = run("- 국무원은 「과학기술서비스업 육성에 관한 약간의견」을 발표함.\n"
                 "- 「의견」에서는 연구개발 등 9개 분야를 중점적으로 추진할 계획임.");
    CHECK_MESSAGE(entity(d, "과학기술서비스업 육성에 관한 약간의견", NodeType::Program), dump(d));
    CHECK_MESSAGE(!entity(d, "의견"), dump(d));
    size_t backRefs = 0;
    for (const auto& m : d.mentions) backRefs += d.rule(m) == "quote-back-reference";
    CHECK(backRefs == 1);
    // With nothing before it, a bare 「의견」 is nothing.
    auto lone = run("- 「의견」에서는 9개 분야를 추진할 계획임.");
    CHECK_MESSAGE(!entity(lone, "의견"), dump(lone));
    // One word ending in a programme's head that ends the name before refers back too;
    // with nothing before it, it is a programme of its own name.
    auto headed = run("- 베이징시는 「베이징 과학기술혁신센터 건설 강화 총체방안」을 발표함.\n"
                      "- 「총체방안」은 중관춘 과학성, 화이러우 과학성 등 ‘2대 과학성’을 거점으로 지정함.");
    CHECK_MESSAGE(!entity(headed, "총체방안"), dump(headed));
    CHECK_MESSAGE(hasRelation(headed, EdgeType::Targets, "베이징 과학기술혁신센터 건설 강화 총체방안", "화이러우 과학성"),
                  dump(headed));
    auto alone = run("- 「총체방안」은 화이러우 과학성을 거점으로 지정함.");
    CHECK_MESSAGE(entity(alone, "총체방안", NodeType::Program), dump(alone));
  }
}

TEST_CASE("pairs written with a hyphen, bullets glued to names, zones named after a zone") {
  {
    // A known body before the hyphen is a partner, not part of the unit's name.
    auto d = run("▲한국생명공학연구원(KRIBB)-중국과학원 미생물연구소(IMCAS) 간 공동연구\n"
                 "▲한국연구재단(NRF)-중국과학기술교류센터(CSTEC) 간 교류 약정");
    CHECK_MESSAGE(entity(d, "중국과학원 미생물연구소", NodeType::Organization), dump(d));
    CHECK_MESSAGE(entity(d, "한국생명공학연구원", NodeType::Organization), dump(d));
    CHECK_MESSAGE(hasRelation(d, EdgeType::CooperatesWith, "한국연구재단", "중국과학기술교류센터"), dump(d));
    for (const auto& e : d.entities) CHECK_MESSAGE(e.name.find('-') == std::string::npos, e.name);
    for (const auto& e : d.entities) CHECK_MESSAGE(e.name.find("▲") == std::string::npos, e.name);
  }
  {
    // "한-중" stays one word: no body ends at its hyphen.
    auto d = run("한-중과학기술협력센터는 베이징에 있다.");
    for (const auto& e : d.entities) CHECK_MESSAGE(e.name != "중과학기술협력센터", dump(d));
  }
  {
    // A named zone as the first word of a zone's name is where it lies; glued, it is not.
    auto d = run("중관촌 창업거리에 입주 기업이 늘었다.");
    CHECK_MESSAGE(hasRelation(d, EdgeType::LocatedIn, "중관촌 창업거리", "중관촌"), dump(d));
  }
  {
    // A zone the lexicon knows by its word keeps its name; the places before it locate it,
    // and a gloss listing two forms with a middle dot gives two aliases.
    auto d = run("그는 중국 장쑤(江蘇)성 쑤저우공업원구(蘇州工業園區·SIP)에 공장을 세웠다.");
    const Entity* sip = entity(d, "쑤저우공업원구", NodeType::Zone);
    REQUIRE_MESSAGE(sip, dump(d));
    CHECK(std::find(sip->aliases.begin(), sip->aliases.end(), "SIP") != sip->aliases.end());
    CHECK(std::find(sip->aliases.begin(), sip->aliases.end(), "蘇州工業園區") != sip->aliases.end());
    CHECK_MESSAGE(hasRelation(d, EdgeType::LocatedIn, "쑤저우공업원구", "장쑤"), dump(d));
    for (const auto& e : d.entities) CHECK_MESSAGE(e.name.find("중국 장쑤") == std::string::npos, dump(d));
  }
  {
    // 주 ("resident in") before a place is no surname: "주칭다오 총영사".
    auto d = run("개막식에는 이태환 주칭다오 총영사가 참석했다.");
    CHECK_MESSAGE(!entity(d, "주칭다오", NodeType::Person), dump(d));
    CHECK_MESSAGE(entity(d, "칭다오", NodeType::Place), dump(d));
    // one event whether or not its name opens with the year
    auto y = run("‘한중 기술협력 박람회’ 옌타이서 개막\n‘2019 한중 기술협력 박람회’가 9일 개막했다.");
    size_t events = 0;
    for (const auto& e : y.entities) events += e.type == NodeType::Event;
    CHECK_MESSAGE(events == 1, dump(y));
  }
  {
    // a body's bare head refers back to the body named before; with none, it is nothing
    auto d = run("중·한시범구 관리위원회는 올해 기업 유치를 늘렸다.\nCJ제일제당은 관리위원회와 투자협약을 맺었다.");
    CHECK_MESSAGE(hasRelation(d, EdgeType::CooperatesWith, "CJ제일제당", "중·한시범구 관리위원회"), dump(d));
    auto lone = run("한빛테크는 관리위원회와 투자협약을 맺었다.");
    CHECK_MESSAGE(lone.relations.empty(), dump(lone));
  }
  {
    // a place of another country after "X의 …로" or "X판" is a nickname, not the place
    auto d = run("중관촌은 중국의 실리콘밸리로 불린다.\n중국판 실리콘밸리 중관촌에 센터가 문을 열었다.");
    CHECK_MESSAGE(!entity(d, "실리콘밸리"), dump(d));
    auto e = run("한국의 베이징 대사관은 문을 닫았다.");
    CHECK_MESSAGE(entity(e, "베이징", NodeType::Place), dump(e));
  }
  {
    // each edition of a meeting is an event of its own, named with its ordinal
    auto d = run("1993년 제1차 한·중 과학기술공동위원회가 열렸다.\n2019년 제14차 한·중 과학기술공동위원회가 열렸다.");
    CHECK_MESSAGE(entity(d, "제1차 한·중 과학기술공동위원회", NodeType::Event), dump(d));
    CHECK_MESSAGE(entity(d, "제14차 한·중 과학기술공동위원회", NodeType::Event), dump(d));
  }
  {
    // a place's suffix after its gloss is its own: "허베이(河北)성"
    auto d = run("허베이(河北)성 슝안에 신구를 조성한다.");
    const Entity* hebei = entity(d, "허베이", NodeType::Place);
    REQUIRE_MESSAGE(hebei, dump(d));
    CHECK(std::find(hebei->aliases.begin(), hebei->aliases.end(), "허베이성") != hebei->aliases.end());
  }
  {
    // "주관한 이번 박람회": the demonstrative belongs to the back-reference.
    auto d = run("‘한중 기술협력 박람회’가 열렸다. 옌타이시 인민정부와 KOTRA가 공동 주최하고 "
                 "한국연구재단이 주관한 이번 박람회는 성황을 이뤘다.");
    CHECK_MESSAGE(hasRelation(d, EdgeType::ParticipatesIn, "한국연구재단", "한중 기술협력 박람회"), dump(d));
    CHECK_MESSAGE(hasRelation(d, EdgeType::ParticipatesIn, "KOTRA", "한중 기술협력 박람회"), dump(d));
  }
  {
    // A post written onto a name: the body (or the place's government) and who heads it.
    auto d = run("개막식에서 루밍 중국과학원장과 한재원 경기도지사가 축사를 했다.");
    CHECK_MESSAGE(hasRelation(d, EdgeType::Leads, "루밍", "중국과학원"), dump(d));
    CHECK_MESSAGE(hasRelation(d, EdgeType::Leads, "한재원", "경기도"), dump(d));
    // 지사 alone is a branch office: "중국지사" is no government.
    auto b = run("한국보건산업진흥원 중국지사 박선영 지사장이 발표했다.");
    CHECK_MESSAGE(!entity(b, "중국", NodeType::Agency), dump(b));
  }
}

TEST_CASE("a listed group of partners: each cooperates with the subject, not with each other") {
  const char* signing =
      "- 최근 열린 '대규모 모델 산업 혁신 협력 계획' 서명식에서 화웨이 클라우드는 순환지능(循環智能), 디안진단(迪安診斷), "
      "항텐텐무(航天天目) 등 8개사와 전략적 협력을 체결";
  auto d = run(signing);
  for (const char* firm : {"순환지능", "디안진단", "항텐텐무"})
    CHECK_MESSAGE(entity(d, firm, NodeType::Company), dump(d));
  checkRelations({
      {signing, EdgeType::CooperatesWith, "화웨이 클라우드", "순환지능", true},
      {signing, EdgeType::CooperatesWith, "화웨이 클라우드", "항텐텐무", true},
      {signing, EdgeType::CooperatesWith, "순환지능", "디안진단", false},
      {signing, EdgeType::ParticipatesIn, "디안진단", "대규모 모델 산업 혁신 협력 계획", true},
      {"샤오미는 바이두, 텐센트 등 5개사와 협약을 체결했다.", EdgeType::CooperatesWith, "샤오미", "텐센트", true},
      {"샤오미는 바이두, 텐센트 등 5개사와 협약을 체결했다.", EdgeType::CooperatesWith, "바이두", "텐센트", false},
      // no word of cooperation: no edge
      {"샤오미는 바이두, 텐센트 등 5개사와 함께 전시회에 나왔다.", EdgeType::CooperatesWith, "샤오미", "텐센트", false},
  });
}

TEST_CASE("units under their parent body") {
  checkRelations({
      // a name inside the parent's name does not hide the pair
      {"이번에 장시(江西)성과학원 과학기술전략연구소는 중부 6개 성을 대상으로 비교·분석", EdgeType::PartOf,
       "장시성과학원 과학기술전략연구소", "장시성과학원", true},
      // a headline "X, Y 설립", Y a unit met before by another rule
      {"07 샤먼대학교, 신품질생산력(新質生產力) 연구 개발 센터 설립\n- 샤먼대는 신품질생산력 연구 개발 센터 개소식을 개최",
       EdgeType::PartOf, "신품질생산력 연구 개발 센터", "샤먼대학교", true},
      {"- 베이징대학교는 칭화대학교와 협력함.", EdgeType::PartOf, "칭화대학교", "베이징대학교", false},
      {"- 베이징대학교, 칭화대학교 등 5개 대학이 참여함.", EdgeType::PartOf, "칭화대학교", "베이징대학교", false},
  });
}

TEST_CASE("an edition of a meeting named by its number alone is an event") {
  checkRelations({
      {"양측은 협력을 확대하기로 했다. 제3차 공동위원회는 2000년 베이징에서 열린다.", EdgeType::LocatedIn,
       "제3차 공동위원회", "베이징", true},
      {"제6차 공동위원회는 내년 서울에서 열릴 예정이다.", EdgeType::LocatedIn, "제6차 공동위원회", "서울", true},
      // the head clipped ("공동위" for 공동위원회)
      {"제15차 공동위는 지난해 베이징에서 열렸다.", EdgeType::LocatedIn, "제15차 공동위", "베이징", true},
  });
  // an ordinal before a word that is no event's head names no event
  auto d = run("제4차 산업혁명은 베이징에서 시작됐다. 제3차 공동연구는 서울에서 진행됐다.\n");
  for (const auto& e : d.entities) CHECK_MESSAGE((e.type != NodeType::Event), dump(d));
}

TEST_CASE("cooperation only discussed or denied is no edge; a quoted 협의 is an agreement") {
  checkRelations({
      {"한빛테크는 화웨이와 합작사 설립을 협의하고 있지만 아직 최종 계약에는 이르지 못했다.", EdgeType::CooperatesWith,
       "한빛테크", "화웨이", false},
      {"한빛테크는 화웨이와 북미 합작공장을 추진한다는 보도에 대해 검토한 적이 없다고 부인했다.",
       EdgeType::CooperatesWith, "한빛테크", "화웨이", false},
      {"한빛테크는 화웨이와 업무협약을 체결했다.", EdgeType::CooperatesWith, "한빛테크", "화웨이", true},
      // a negation in a later clause, or a word that only reads like one, leaves the signing
      {"한빛테크는 화웨이와 업무협약을 체결했으나 투자 규모는 밝히지 않았다.", EdgeType::CooperatesWith, "한빛테크",
       "화웨이", true},
      {"한빛테크는 화웨이와 협의체를 꾸리고 업무협약을 체결했다.", EdgeType::CooperatesWith, "한빛테크", "화웨이", true},
      // a partner in a later clause with its own subject is that subject's; without one, the
      // first subject's
      {"한국과학기술연구원과 중국과학원 화학연구소가 공동으로 수행하고, 표준 분야는 한국표준과학연구원과 "
       "중국계량과학연구원이 함께 맡는다.",
       EdgeType::CooperatesWith, "중국과학원 화학연구소", "한국표준과학연구원", false},
      {"현대자동차가 아폴로 계획에 합류했으며, 바이두와 커넥티드카 기술을 공동 적용하기로 했다.", EdgeType::CooperatesWith,
       "현대자동차", "바이두", true},
      // places as parties: a cooperation done, not places near each other or a field of work
      {"톈진은 베이징과 가깝고 항만시설이 좋아 국내 협력업체 10여곳이 함께 진출했다.", EdgeType::CooperatesWith, "톈진",
       "베이징", false},
      {"헝친신구는 마카오와의 관광 협력에 중점을 둔다.", EdgeType::CooperatesWith, "헝친신구", "마카오", false},
      {"인천과 웨이하이는 전자상거래 분야 협력사업을 진행하고 있다.", EdgeType::CooperatesWith, "인천", "웨이하이", true},
      // (a word of a name is no such word: the agreement is '…협력 협의', the Chinese 协议)
      {"바이두는 14일 슝안신구 관리위원회와 ‘스마트시티 건설 전략적 협력 협의’를 체결함.", EdgeType::ParticipatesIn,
       "바이두", "스마트시티 건설 전략적 협력 협의", true},
  });
}

TEST_CASE("parts and groups of cities; a name with and without its place is one thing") {
  struct Case {
    const char* sentence;
    const char* place;  // nullptr: no place but the lexicon's
  } cases[] = {
      {"베이징 부도심의 녹색 건축물 건설을 추진함.", "베이징 부도심"},
      {"징진지·장강삼각주·장강중하류 도시권 등 지역간 협동 메커니즘 구축", "장강중하류 도시권"},
      {"신도시 개발이 활발하다.", nullptr},  // no place before it
      {"올해 대도시권 인구가 늘었다.", nullptr},
      {"주요 도시권 경제가 성장했다.", nullptr},
  };
  for (const auto& c : cases) {
    auto d = run(c.sentence);
    if (c.place) {
      CHECK_MESSAGE(entity(d, c.place, NodeType::Place), (std::string(c.sentence) + "\n" + dump(d)));
    } else {
      for (const auto& e : d.entities)
        CHECK_MESSAGE((e.type != NodeType::Place || !e.lexiconId.empty()), (std::string(c.sentence) + "\n" + dump(d)));
    }
  }
  checkRelations({
      {"베이징 부도심의 녹색 건축물 건설을 추진함.", EdgeType::LocatedIn, "베이징 부도심", "베이징", true},
      // inside a longer name, the part is what the name is in, not the city alone
      {"베이징 부도심 국가녹색개발시범구를 건설함.", EdgeType::LocatedIn, "베이징 부도심 국가녹색개발시범구",
       "베이징 부도심", true},
      {"베이징 부도심 국가녹색개발시범구를 건설함. 베이징의 인구는 늘었다.", EdgeType::LocatedIn,
       "베이징 부도심 국가녹색개발시범구", "베이징", false},
      {"국무원은 ‘베이징 부도심 녹색발전 실시계획’을 발표함.", EdgeType::Targets, "베이징 부도심 녹색발전 실시계획",
       "베이징 부도심", true},
      // a country in a body's or zone's name is its scope, not where it is; a place glued into
      // an organisation's name is part of the name (ANNOTATION.md, "Place prefixes")
      {"한국과학재단과 중국 국제과학기술합작협회는 협력 약정을 맺었다.", EdgeType::LocatedIn, "중국 국제과학기술합작협회",
       "중국", false},
      {"상하이시는 중국(상하이)자유무역시험구 확대 방안을 발표했다.", EdgeType::LocatedIn, "중국(상하이)자유무역시험구",
       "중국", false},
      {"상하이시는 중국(상하이)자유무역시험구 확대 방안을 발표했다.", EdgeType::LocatedIn, "중국(상하이)자유무역시험구",
       "상하이", true},
      {"홍콩대학은 선전에 분교를 세웠고 홍콩 정부는 이를 지원했다.", EdgeType::LocatedIn, "홍콩대학", "홍콩", false},
      {"칭다오 해양과학연구센터는 관측선을 띄웠다.", EdgeType::LocatedIn, "칭다오 해양과학연구센터", "칭다오", true},
  });

  // The headline names the plan without its place; the text with it: one programme.
  auto d = run("03 베이징, '부도심 녹색개발 실시계획' 발표\n"
               "- 베이징시정부는 ‘베이징 부도심 녹색개발 실시계획’을 발표함.");
  size_t programs = 0;
  for (const auto& e : d.entities) programs += e.type == NodeType::Program;
  CHECK_MESSAGE(programs == 1, dump(d));
  const Entity* plan = entity(d, "베이징 부도심 녹색개발 실시계획", NodeType::Program);
  REQUIRE_MESSAGE(plan, dump(d));
  CHECK(names(*plan, "부도심 녹색개발 실시계획"));
  // Two places, two plans: the bare form belongs to neither.
  auto two = run("- 상하이시는 ‘상하이 녹색개발 실시계획’을 발표함.\n- 톈진시는 ‘톈진 녹색개발 실시계획’을 발표함.\n"
                 "- 국무원은 ‘녹색개발 실시계획’을 발표함.");
  programs = 0;
  for (const auto& e : two.entities) programs += e.type == NodeType::Program;
  CHECK_MESSAGE(programs == 3, dump(two));
}

TEST_CASE("an ambiguous Korean form is named by its Hanja, and only where the Hanja stands") {
  auto d = run("- 상하이 장강(張江)에 기업이 모였다.\n- 장강(長江) 유역의 도시가 성장했다.\n- 장강 유역도 마찬가지다.");
  const Entity* zj = entity(d, "장장", NodeType::Zone);
  REQUIRE_MESSAGE(zj, dump(d));
  CHECK(names(*zj, "張江"));
  CHECK_FALSE(names(*zj, "長江"));  // the other 장강 is not this zone
  size_t zjMentions = 0;
  for (const auto& m : d.mentions) zjMentions += d.entities[m.entity].name == "장장";
  CHECK_MESSAGE(zjMentions == 1, dump(d));
  CHECK(hasRelation(d, EdgeType::LocatedIn, "장장", "상하이"));
}

TEST_CASE("demonstration projects named after a place or a quoted phrase, and where they are carried out") {
  checkTyped(NodeType::Program, {
      {"상하이 푸둥신구 종합개혁 시범 프로젝트 구축을 가속화", "상하이 푸둥신구 종합개혁 시범 프로젝트"},
      {"신구에서 '고급·정밀·첨단·희소' 외국 인재 인정 표준시범 프로젝트를 수행",
       "고급·정밀·첨단·희소 외국 인재 인정 표준시범 프로젝트"},
      {"베이징 녹색 교통 시범사업을 추진함.", "베이징 녹색 교통 시범사업"},
      {"탄소배출 이중관리 시범사업 추진", nullptr},  // no named start: a kind of project
      {"이번 시범사업은 성공했다.", nullptr},
      {"베이징 시범사업을 추진함.", nullptr},  // nothing between the place and the head
  });
  const char* talent =
      "상하이 푸둥·광저우 난사·충칭 량장 신규에서 '고급·정밀·첨단·희소' 외국 인재 인정 표준시범 프로젝트를 수행";
  const char* talentName = "고급·정밀·첨단·희소 외국 인재 인정 표준시범 프로젝트";
  checkRelations({
      {talent, EdgeType::Targets, talentName, "푸둥신구", true},
      {talent, EdgeType::Targets, talentName, "량장신구", true},
      {"베이징, 상하이에서 '데이터 거래 시범 프로젝트'를 추진함.", EdgeType::Targets, "데이터 거래 시범 프로젝트", "베이징",
       true},
      // announced or presented there, not carried out there
      {"상하이에서 열린 회의에서 '데이터 거래 시범 프로젝트'를 발표함.", EdgeType::Targets, "데이터 거래 시범 프로젝트",
       "상하이", false},
      {"베이징에서 기업들이 '데이터 거래 시범 프로젝트'를 소개함.", EdgeType::Targets, "데이터 거래 시범 프로젝트",
       "베이징", false},
  });
}

TEST_CASE("what is visited in a place lies there") {
  const char* shanghai =
      "그리고 20일에는 상해를 방문해 중국 최대 연구개발기지인 장강하이테크파크와 상해 3세대 싱크로트론 방사광원을 "
      "시찰하고, 공동 이용방안 등을 협의한다.";
  checkRelations({
      {shanghai, EdgeType::LocatedIn, "장장하이테크파크", "상하이", true},
      {shanghai, EdgeType::LocatedIn, "상하이 싱크로트론 방사광원", "상하이", true},
      {"최 장관은 북경에서 회의를 열고, 중국의 실리콘밸리로 불리는 중관촌을 시찰한다.", EdgeType::LocatedIn, "중관촌",
       "베이징", true},
      // no visit, or the place is not where the visit happens
      {"상하이에서 열린 포럼에서 중관촌 기업을 소개했다.", EdgeType::LocatedIn, "중관촌", "상하이", false},
      {"대표단은 서울을 떠나 중관촌을 시찰했다.", EdgeType::LocatedIn, "중관촌", "서울", false},
  });
  // A word before a parenthesised acronym names the entry only if it spells one of its names.
  auto d = run("- 연구진은 상하이 광원(SSRF)을 활용했다.");
  CHECK_MESSAGE(!entity(d, "광원"), dump(d));
  for (const auto& e : d.entities) CHECK_MESSAGE(!names(e, "광원"), dump(d));
}

TEST_CASE("words after a count are a class, words after a date may be a name") {
  auto perCapita = run("- 장시성은 인구 10만 명당 평균 대학 재학생 수가 1위임.");
  for (const auto& e : perCapita.entities) CHECK_MESSAGE((e.type != NodeType::Organization), dump(perCapita));
  auto dated = run("- 2024년 상하이 인공지능혁신센터를 설립함.");
  CHECK_MESSAGE(entity(dated, "상하이 인공지능혁신센터", NodeType::Organization), dump(dated));
  auto counted = run("- 3곳의 국가 바이오산업단지를 지정함.");
  for (const auto& e : counted.entities) CHECK_MESSAGE((e.type != NodeType::Zone), dump(counted));
}

TEST_CASE("place names that are also common words need a sign that they are the place") {
  checkEntities({
      {"- 대형 차량 액화수소 저장·공급 핵심기술 연구", "저장", NodeType::Place, false},  // storage
      {"- 데이터 저장 기술을 개발했다.", "저장", NodeType::Place, false},
      {"- 정부는 시안을 마련했다.", "시안", NodeType::Place, false},  // a draft
      {"- 저장, 장쑤, 안후이 등 장강삼각주 지역", "저장", NodeType::Place, true},
      {"- 저장 지리그룹은 전기차를 출시했다.", "저장", NodeType::Place, true},
      {"- 선전(深圳)에 본사를 둔 화웨이", "선전", NodeType::Place, true},
      {"- 베이징·시안·청두에서 시범사업", "시안", NodeType::Place, true},
      {"- 선전시에 위치한 기업이 늘었다.", "선전", NodeType::Place, true},
      {"- 선전시는 계획을 발표했다.", "선전시", NodeType::Agency, true},  // the government acting (issue 18)
      {"- 선전 난산(深圳南山) 등 5대 국가자주혁신시범구", "선전", NodeType::Place, true},
  });
}

// Issue 17: 경기 ("economy") and the districts several Korean cities share (중구, 서구 "the
// West" ...) are places only with a sign; after its city, a district is that city's.
TEST_CASE("경기 and the districts several cities share need a sign; after a city, the city's one") {
  checkEntities({
      {"- 경기 침체가 길어지고 있다.", "경기", NodeType::Place, false},
      {"- 서울·경기·부산 등에 전시장 15곳을 열었다.", "경기", NodeType::Place, true},
      {"- 온새미로봇은 경기 성남시에 본사를 두고 있다.", "경기", NodeType::Place, true},
      {"- 서구 사회의 시각과는 다르다.", "서구", NodeType::Place, false},
      {"- 한국화웨이는 서울 중구에 있는 오픈랩에서 행사를 열었다.", "중구", NodeType::Place, true},
      // joined to another place by 과/와
      {"- 포럼을 베이징과 선전에서 두 차례 주관했다.", "선전", NodeType::Place, true},
      {"- 선전과 홍보에 힘을 쏟았다.", "선전", NodeType::Place, false},
      // a Han gloss naming two places of one type (中山: the city, Dalian's district)
      {"- 광저우(廣州), 중산(中山), 장먼(江門) 등 9개 도시", "중산", NodeType::Place, true},
  });
  auto d = run("BYD코리아는 16일 인천 중구에서 열린 출범식에서 신차를 소개했다.");
  size_t n = 0;
  for (const auto& e : d.entities)
    if (e.name == "중구") {
      ++n;
      CHECK_MESSAGE(e.lexiconId == "kr-jung-gu-incheon", dump(d));
    }
  CHECK_MESSAGE(n == 1, dump(d));
}

TEST_CASE("a gloss decides between two places of one Korean reading, for the whole document") {
  // 산시성 is both 山西 (Shanxi) and 陕西 (Shaanxi): the Hanja gloss names the one meant, and
  // the document's later bare "산시성" is that one too; without a gloss, the lexicon's first.
  auto lexiconIds = [](const DocumentResult& d) {
    std::vector<std::string> ids;
    for (const auto& e : d.entities)
      if (e.type == NodeType::Place && (e.lexiconId == "shaanxi" || e.lexiconId == "shanxi"))
        ids.push_back(e.lexiconId);
    return ids;
  };
  auto d = run("삼성전자는 중국 산시(陝西)성 시안에 공장을 세웠다.\n산시성은 인재 양성을 지원하기로 했다. 산시성 시안은 서부의 거점이다.");
  CHECK_MESSAGE(lexiconIds(d) == std::vector<std::string>{"shaanxi"}, dump(d));
  CHECK_MESSAGE(hasRelation(d, EdgeType::LocatedIn, "시안", "산시(陝西)"), dump(d));
  auto other = run("중국 산시(山西)성 타이위안에 공장을 세웠다. 산시성은 석탄 산지다.");
  CHECK_MESSAGE(lexiconIds(other) == std::vector<std::string>{"shanxi"}, dump(other));
  auto bare = run("중국 산시성에 공장을 세웠다.");
  CHECK_MESSAGE(lexiconIds(bare) == std::vector<std::string>{"shanxi"}, dump(bare));
}

TEST_CASE("a numbered desk is no ministry") {
  auto desk = run("산업1부 홍보영 기자입니다. 국내외 무역과 로봇 소식을 전합니다.");
  for (const auto& e : desk.entities) CHECK_MESSAGE((e.type != NodeType::Agency), dump(desk));
  auto ministry = run("산업통상자원부는 수출 지원 방안을 발표했다.");
  CHECK_MESSAGE(entity(ministry, "산업통상자원부", NodeType::Agency), dump(ministry));
  auto byHead = run("국가데이터부는 규정을 마련했다.");
  CHECK_MESSAGE(entity(byHead, "국가데이터부", NodeType::Agency), dump(byHead));
}

TEST_CASE("governments, committees that meet, new heads, places that are not districts") {
  checkEntities({
      {"- 하이난성정부는 「하이난 과학기술 개방 방안」을 수립하였다.", "하이난성정부", NodeType::Agency, true},
      {"- 선전시정부와 베이징시정부는 계획을 발표함.", "선전시정부", NodeType::Agency, true},
      {"- 홍콩특별행정구 정부는 '창업 지원 계획'을 발표함.", "홍콩특별행정구 정부", NodeType::Agency, true},
      // a country's government is a class of bodies (ANNOTATION.md, "Names, not classes")
      {"- 일본 정부는 수출 규제를 강화했다.", "일본 정부", NodeType::Agency, false},
      {"- 일본 정부기관은 보고서를 냈다.", "일본 정부기관", NodeType::Agency, false},
      {"- 양국은 한중 과학기술협력위원회를 개최했다.", "한중 과학기술협력위원회", NodeType::Event, true},
      {"- 국가발전개혁위원회는 계획을 발표했다.", "국가발전개혁위원회", NodeType::Agency, true},
      {"- 국가지식재산권국은 「특허 심사 지침 개정안」을 공표하였다.", "특허 심사 지침 개정안", NodeType::Program, true},
      {"- 선전과 홍콩은 허타오 과학기술혁신 협력구를 조성함.", "허타오 과학기술혁신 협력구", NodeType::Zone, true},
      {"- 광둥-홍콩-마카오 대만구 혁신 협력", "대만", NodeType::Place, false},  // 대만구 is no district of 대만
      {"- 하이커우에 위치한 하이난대학교는 협약을 체결함.", "하이커우", NodeType::Place, true},
  });
  checkRelations({
      {"- 우한 동후하이테크개발구의 우한광전국가연구센터는 새로운 레이저 장비를 개발함.", EdgeType::LocatedIn,
       "우한광전국가연구센터", "우한 동후하이테크개발구", true},
      {"- 한국의 삼성전자는 시안 하이테크산업개발구에 반도체 공장을 증설한다고 밝혔다.", EdgeType::LocatedIn, "삼성전자",
       "시안 하이테크산업개발구", true},
      {"- 한국의 레인보우로보틱스사는 상하이 린강신구에 연구개발센터를 설립함.", EdgeType::LocatedIn,
       "레인보우로보틱스", "린강신구", true},
      // not a facility of its own there
      {"- 삼성전자는 시안 하이테크산업개발구에 대한 투자를 검토했다.", EdgeType::LocatedIn, "삼성전자",
       "시안 하이테크산업개발구", false},
      {"- 화웨이는 선전에 위치한 펑청실험실과 공동개발 협약을 체결하였다.", EdgeType::LocatedIn, "펑청실험실", "선전",
       true},
  });
}

TEST_CASE("meetings by head, mayors with two-syllable names, kinds of labs") {
  checkEntities({
      {"- 한국무역협회는 칭다오에서 한중 기업 교류회를 개최하였다.", "한중 기업 교류회", NodeType::Event, true},
      {"- 코트라는 상하이에서 한국 투자 설명회를 열었다.", "한국 투자 설명회", NodeType::Event, true},
      {"- 최 장관은 여러 차례 간담회를 가졌다.", "여러 차례 간담회", NodeType::Event, false},
      {"- 상하이시정부 궁정 시장은 세계인공지능대회에 참석하였다.", "궁정", NodeType::Person, true},
      {"- 국내 주식 시장은 하락했다.", "주식", NodeType::Person, false},
      {"- 난징대학교는 바이두와 인공지능 공동실험실을 설립하기로 합의함.", "인공지능 공동실험실", NodeType::Organization,
       false},
  });
  checkRelations({
      {"- 상하이시정부 궁정 시장은 세계인공지능대회에 참석하였다.", EdgeType::Leads, "궁정", "상하이시정부", true},
      {"- 한국의 LG에너지솔루션은 중국 CATL과 배터리 재활용 기술 협력 양해각서(MOU)를 체결하였다.",
       EdgeType::CooperatesWith, "LG에너지솔루션", "CATL", true},
      {"- 한국무역협회는 칭다오에서 한중 기업 교류회를 개최하였다.", EdgeType::LocatedIn, "한중 기업 교류회", "칭다오",
       true},
  });
}

TEST_CASE("every relation carries its sentence and obeys the edge table") {
  auto d = run("한국의 넥스트칩사는 하얼빈 창룽그룹과 제휴하여 옌타이 종합보세구에 연구소를 설립함.\n"
               "국무원은 '디지털 경제 방안'을 발표했다.");
  REQUIRE(!d.relations.empty());
  for (const auto& r : d.relations) {
    REQUIRE(r.sentence < d.sentences.size());
    CHECK(!d.sentenceText(r.sentence).empty());
    CHECK(edgeAllowed(r.type, d.entities[r.source].type, d.entities[r.target].type));
  }
  for (const auto& m : d.mentions) {
    CHECK(d.sentences[d.sentenceOf(m)].span.contains(m.span));
    CHECK(m.span.end <= d.text.text.size());
  }
}

TEST_CASE("a document over the size limit is refused with its path") {
  ExtractOptions o;
  o.maxDocumentBytes = 10;
  Extractor ex(lexicon(), o);
  CHECK_THROWS_WITH_AS(ex.extractBytes("중국 과학기술부는 발표했다", "big.txt"), doctest::Contains("big.txt"), LimitError);
  CHECK_THROWS_WITH_AS(Extractor(lexicon()).extractBytes(std::string("\0\0\0\0\x89PNG", 8), "bin.txt"),
                       doctest::Contains("bin.txt"), DecodeError);
}

TEST_CASE("an over-long run is split at the sentence limit and reported, never silently cut") {
  ExtractOptions o;
  o.segment.maxSentenceBytes = 200;
  Extractor ex(lexicon(), o);
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "협력 ";
  std::string text = "제목 없는 문서의 첫 줄\n중국 과학기술부는 " + filler + "계획을 발표했다. 짧은 문장이다.\n";
  DocumentResult d = ex.extractBytes(text, "long.txt");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].rfind("line 2: ", 0) == 0);
  CHECK(d.warnings[0].find("--max-sentence-bytes 200") != std::string::npos);
  size_t pieces = 0, covered = 0;
  for (const auto& s : d.sentences) {
    CHECK(s.span.size() <= 200);
    if (s.split) ++pieces, covered += s.span.size();
  }
  CHECK(pieces >= 2);
  CHECK(covered + pieces > filler.size());  // every byte of the run is in some piece
  // The lexicon still finds the agency in the first piece.
  bool most = false;
  for (const auto& e : d.entities) most |= e.lexiconId == "most-china";
  CHECK(most);
  // Text within the limit gives no warning.
  CHECK(Extractor(lexicon()).extractBytes(text, "short.txt").warnings.empty());
}

TEST_CASE("a document over the time bound is refused with its path and line") {
  ExtractOptions o;
  o.maxSeconds = 1e-9;
  Extractor ex(lexicon(), o);
  CHECK_THROWS_WITH_AS(ex.extractBytes("중국 과학기술부는 계획을 발표했다.\n두 번째 문장이다.\n", "slow.txt"),
                       doctest::Contains("slow.txt: extraction ran over"), LimitError);
  o.maxSeconds = 0;  // no bound
  CHECK_NOTHROW(Extractor(lexicon(), o).extractBytes("중국 과학기술부는 계획을 발표했다.\n", "free.txt"));
}

TEST_CASE("regression (fuzz): a name at the very start of a repaired sentence") {
  // Found by fuzz_extract: a word-boundary test read one byte before the sentence.
  DocumentResult d = Extractor(lexicon()).extractBytes(std::string("PNS\xde중국 과기부"), "fuzz.txt");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].rfind("byte 3: ", 0) == 0);
  bool most = false;
  for (const auto& e : d.entities) most |= e.lexiconId == "most-china";
  CHECK(most);
}

TEST_CASE("a table row states where its head is and who takes part in it") {
  const std::vector<RelCase> cases = {
      // a firm, its field, its place (a nesting: the last place)
      {"제목\n\n| 기업 | 분야 | 소재지 |\n|---|---|---|\n| 한빛테크㈜ | 의료기기 | 대전 유성구 |\n",
       EdgeType::LocatedIn, "한빛테크", "유성구", true},
      {"제목\n\n| 기업 | 분야 | 소재지 |\n|---|---|---|\n| 한빛테크㈜ | 의료기기 | 대전 유성구 |\n",
       EdgeType::LocatedIn, "한빛테크", "대전", false},
      // a firm and the zone it moved into
      {"제목\n\n| 기업 | 분야 | 입주 구역 |\n|---|---|---|\n| ㈜한빛테크 | 자동차 부품 | 옌타이 경제기술개발구 |\n",
       EdgeType::LocatedIn, "한빛테크", "옌타이 경제기술개발구", true},
      // an event row: date, event, city, hosts
      {"제목\n\n| 일정 | 행사 | 장소 | 주최 |\n|---|---|---|---|\n| 10.15~10.17 | ‘한중 기술협력 포럼’ | 상하이 | "
       "한국연구재단, 중국과학원 |\n",
       EdgeType::ParticipatesIn, "중국과학원", "한중 기술협력 포럼", true},
      {"제목\n\n| 일정 | 행사 | 장소 | 주최 |\n|---|---|---|---|\n| 10.15~10.17 | ‘한중 기술협력 포럼’ | 상하이 | "
       "한국연구재단, 중국과학원 |\n",
       EdgeType::LocatedIn, "한중 기술협력 포럼", "상하이", true},
      // a province, a count, a zone (TAB-separated)
      {"제목\n\n성\t개수\t대표 구역\n후베이\t12\t우한 둥후 하이테크산업개발구\n", EdgeType::LocatedIn,
       "우한 둥후 하이테크산업개발구", "후베이", true},
      // a cell where a name the mentions missed stands beside a place is no place cell
      {"제목\n\n| 번호 | 한국 기업 | 중국 기업 | 분야 |\n|---|---|---|---|\n| 1 | 한빛테크㈜ | 창저우 톈청전지재료 | "
       "양극재 개발 |\n",
       EdgeType::LocatedIn, "한빛테크", "창저우", false},
      // two partners of a cooperation row
      {"제목\n\n| 번호 | 한국 측 | 중국 측 | 내용 |\n|---|---|---|---|\n| 1 | 한국연구재단 | 중국과학원 | 공동연구 협력 |\n",
       EdgeType::CooperatesWith, "한국연구재단", "중국과학원", true},
      // no table: bars inside a sentence are no cells
      {"한빛테크는 대전 유성구에 있다.\n", EdgeType::LocatedIn, "한빛테크", "대전", false},
      // a column of people under a post: the name is a person who leads the row's firm
      {"제목\n\n기업명 | 대표자 | 소재지\n㈜한빛테크 | 오세린 | 대전 유성구\n", EdgeType::Leads, "오세린", "한빛테크",
       true},
      {"제목\n\n기업명\t대표\t소재지\n한빛테크㈜\t남궁유진\t대전 유성구\n", EdgeType::Leads, "남궁유진", "한빛테크",
       true},
      // under a contact's label: a person, no leader
      {"제목\n\n기업명 | 담당자 | 소재지\n㈜한빛테크 | 오세린 | 대전 유성구\n", EdgeType::Leads, "오세린", "한빛테크",
       false},
  };
  checkRelations(cases);
  auto d = run("제목\n\n기업명 | 담당자 | 소재지\n㈜한빛테크 | 오세린 | 대전 유성구\n");
  CHECK_MESSAGE(entity(d, "오세린", NodeType::Person), dump(d));
  // no person column in the header: a name-shaped cell under another label is no person
  auto none = run("제목\n\n기업명 | 분야 | 소재지\n㈜한빛테크 | 오세린 | 대전 유성구\n");
  CHECK_MESSAGE(!entity(none, "오세린", NodeType::Person), dump(none));
  // the header is the table's first row: "회장" in a data row under 직위 is no label, and a
  // name with a post in the next cell is still a person who leads ("박성은": 은 is no josa here)
  auto posts = run("제목\n\n성명 | 직위 | 소속\n김태성 | 회장 | 한빛테크\n박성은 | 대표 | 대성정밀\n");
  CHECK_MESSAGE(entity(posts, "김태성", NodeType::Person), dump(posts));
  CHECK_MESSAGE(entity(posts, "박성은", NodeType::Person), dump(posts));
  CHECK_MESSAGE(!entity(posts, "회장"), dump(posts));
}

TEST_CASE("government vs place: a city or province that acts is its government, where it lies is the place") {
  {
    auto d = run("베이징시는 11월 14일 「차세대 인공지능 발전 추진에 관한 실시의견」을 발표했다.\n");
    INFO(dump(d));
    const Entity* gov = entity(d, "베이징시", NodeType::Agency);
    REQUIRE(gov);
    CHECK_FALSE(entity(d, "베이징시", NodeType::Place));
  }
  {
    auto d = run("천밍위안 톈진시 부시장은 기자회견에서 계획을 설명했다.\n");
    INFO(dump(d));
    CHECK(entity(d, "톈진시", NodeType::Agency));
  }
  {
    auto d = run("샤오미는 베이징시에 위치한 중관촌에 본사를 두고 있다.\n");
    INFO(dump(d));
    CHECK(entity(d, "베이징", NodeType::Place));
    CHECK_FALSE(entity(d, "베이징시", NodeType::Agency));
  }
  {
    // A province that ranks or grows is the place.
    auto d = run("안후이성은 R&D 인력수 규모면에서 중부 6개성 중 1위이며, 후베이성이 그 뒤를 이었다.\n");
    INFO(dump(d));
    CHECK_FALSE(entity(d, "안후이성", NodeType::Agency));
  }
}

TEST_CASE("an entry that ends a longer entry of its type is its head, not a second body") {
  // "발전개혁위원회" is the NDRC's short form; in "광둥성 발전개혁위원회" (a gazetteer entry of
  // its own) it is the province's commission only. Alone it is still the NDRC.
  auto d = run("덩리화 광둥성 발전개혁위원회 주임은 3월 초 기자회견에서 행동계획을 마련하겠다고 밝혔다.\n");
  CAPTURE(dump(d));
  CHECK(entity(d, "광둥성 발전개혁위원회", NodeType::Agency) != nullptr);
  CHECK(entity(d, "국가발전개혁위원회") == nullptr);
  CHECK(entity(d, "발전개혁위원회") == nullptr);
  auto n = run("중국 국가발전개혁위원회는 지난달 새 지침을 발표했다.\n");
  CAPTURE(dump(n));
  CHECK(entity(n, "국가발전개혁위원회", NodeType::Agency) != nullptr);
}

TEST_CASE("one name, two countries' bodies: the document's own, else the country its names lean to") {
  auto idOf = [](const DocumentResult& d, std::string_view surface) -> std::string {
    for (const auto& m : d.mentions)
      if (d.surface(m) == surface) return d.entities[m.entity].lexiconId;
    return "";
  };
  // a Korean report: its names lean to Korea, the bare ministry is Korea's
  auto kr = run("한국연구재단과 KOTRA는 지난달 설명회를 열었다.\n정기환 부총리 겸 과학기술부 장관은 12일 서울에서 협력 방안을 밝혔다.\n");
  CHECK_MESSAGE(idOf(kr, "과학기술부") == "kr-most-1998", dump(kr));
  // a digest of China's policy: its names lean to China
  auto cn = run("중국 국무원과 국가발전개혁위원회는 지난달 계획을 발표했다.\n과학기술부는 이어 세부 지침을 냈다.\n");
  CHECK_MESSAGE(idOf(cn, "과학기술부") == "most-china", dump(cn));
  // a body the document has named already keeps its name
  auto named = run("중국 과학기술부는 계획을 발표했다.\n한국 외교부와 과학기술부는 이를 검토했다.\n");
  CHECK_MESSAGE(idOf(named, "과학기술부") == "most-china", dump(named));
  // in one sentence, a bare name beside the same name qualified by a country is the
  // other country's, even in a digest whose names lean to China
  auto pair = run("중국 국무원과 국가발전개혁위원회는 계획을 발표했다.\n과학기술부와 중국 과학기술부는 이날 양해각서에 서명했다.\n");
  CHECK_MESSAGE(idOf(pair, "과학기술부") == "kr-most-1998", dump(pair));
  CHECK_MESSAGE(hasRelation(pair, EdgeType::CooperatesWith, "과학기술부", "중국 과학기술부"), dump(pair));
}

TEST_CASE("decoding reads past damage in CP949, UTF-16 and UTF-32 as in UTF-8") {
  std::string text;
  for (int i = 0; i < 6; ++i) text += "중국 과학기술부는 상하이 푸둥신구와 새로운 협력 계획을 발표했다.\n";
  std::string cp = encode("windows-949", text);
  SUBCASE("one bad CP949 byte: replaced and warned about, the rest read") {
    std::string damaged = cp;
    size_t at = cp.find(' ') + 1;  // the lead byte of a Hangul syllable
    damaged[at] = '\xC9';          // 0xC9 lead with an ASCII trail: no character
    damaged[at + 1] = '\x21';
    DecodedText d = decode(damaged);
    CHECK(d.encoding == "windows-949");
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("byte " + std::to_string(at) + ": ") == 0);
    CHECK(d.warnings[0].find("invalid windows-949 (0xc9") != std::string::npos);
    CHECK(d.utf8.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(d.utf8.find("상하이 푸둥신구와") != std::string::npos);
  }
  SUBCASE("a trailing DOS end-of-file mark does not reject CP949 or UTF-16") {
    CHECK(decode(cp + "\x1A").utf8 == text);
    CHECK(decode(encode("UTF-16LE", text) + "\x1A").utf8 == text);
    CHECK(decode(text + "\x1A").utf8 == text);
  }
  SUBCASE("one stray control byte does not reject CP949 or BOM-less UTF-16 (as UTF-8 accepts it)") {
    size_t at = text.find(' ', 15);  // between characters
    std::string withControl = text.substr(0, at) + "\x01" + text.substr(at);
    CHECK_NOTHROW(decode(withControl));
    DecodedText c = decode(encode("windows-949", withControl));
    CHECK(c.encoding == "windows-949");
    CHECK(c.utf8 == withControl);
    DecodedText u = decode(encode("UTF-16LE", withControl));
    CHECK(u.encoding == "UTF-16LE");
    CHECK(u.utf8 == withControl);
  }
  SUBCASE("UTF-16 with a BOM and a lone surrogate: replaced and warned about") {
    std::string u16 = encode("UTF-16LE", text);
    u16.insert(10, "\x00\xD8", 2);  // an unpaired high surrogate
    DecodedText d = decode("\xFF\xFE" + u16);
    CHECK(d.encoding == "UTF-16LE");
    REQUIRE(!d.warnings.empty());
    CHECK(d.warnings[0].find("invalid UTF-16LE") != std::string::npos);
    CHECK(d.warnings[0].find("byte 12: ") == 0);  // the BOM's two bytes counted
  }
  SUBCASE("UTF-32 is decoded by name, with or without BOM") {
    DecodedText le = decode(std::string("\xFF\xFE\0\0", 4) + encode("UTF-32LE", text));
    CHECK(le.encoding == "UTF-32LE");
    CHECK(le.utf8 == text);
    DecodedText be = decode(encode("UTF-32BE", text));
    CHECK(be.encoding == "UTF-32BE");
    CHECK(be.utf8 == text);
    DecodedText le2 = decode(encode("UTF-32LE", text));
    CHECK(le2.encoding == "UTF-32LE");
    CHECK(le2.utf8.find('\0') == std::string::npos);
  }
  SUBCASE("too much damage is refused, naming the encoding tried and the offset") {
    std::string bad = cp;
    for (size_t i = 0; i < bad.size(); i += 7) bad[i] = '\x80';
    try {
      decode(bad);
      FAIL("decoded");
    } catch (const DecodeError& e) {
      std::string m = e.what();
      CHECK(m.find("invalid UTF-8 byte 0x80 at offset 0") != std::string::npos);
      CHECK(m.find("as windows-949: ") != std::string::npos);
      // 0x80 is a byte of its own in windows-949; the first damage is the lead
      // byte 0xb9 left without its trail at byte 3 (80 df b1 b9 20 ...)
      CHECK(m.find("invalid windows-949, the first at byte 3") != std::string::npos);
    }
  }
}

// Issue 21, kind 3: only regular files, bounded before reading; kind 4: the
// machine's failures are told apart from the document's.

TEST_CASE("readDocument reads regular files only, bounded before reading") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kg-read-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string fifo = (dir / "pipe.txt").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  try {
    readDocument(fifo, 1000);  // must not block: no writer ever comes
    FAIL("read a FIFO");
  } catch (const IoError& e) {
    CHECK(std::string(e.what()) == fifo + ": not a regular file: a FIFO");
  }
  CHECK_THROWS_WITH_AS(readDocument("/dev/zero", 1000), "/dev/zero: not a regular file: a character device",
                       IoError);
  CHECK_THROWS_WITH_AS(readDocument(dir.string(), 1000), (dir.string() + ": not a regular file: a folder").c_str(),
                       IoError);
  // A sparse file far over the limit: refused from its size, never read.
  std::string sparse = (dir / "sparse.txt").string();
  std::ofstream(sparse).close();
  REQUIRE(::truncate(sparse.c_str(), off_t{1} << 34) == 0);
  CHECK_THROWS_WITH_AS(readDocument(sparse, 100),
                       (sparse + ": 17179869184 bytes, over the limit of 100 (--max-document-bytes)").c_str(),
                       LimitError);
  // Over 1 MiB and beginning with NULs over 1% of it: binary in every encoding decode()
  // reads, refused from a probe of that run (a sparse file with the limit raised); with
  // fewer NULs it is read whole, and decode() repairs it. Each as decode() decides.
  for (size_t nuls : {size_t{30000}, size_t{20000}, size_t{5}}) {
    std::string path = (dir / ("nul" + std::to_string(nuls) + ".txt")).string();
    std::string bytes(nuls, '\0');
    while (bytes.size() < (2u << 20)) bytes += "중국 과학기술부는 계획을 발표했다.\n";
    std::ofstream(path, std::ios::binary) << bytes;
    CAPTURE(nuls);
    if (nuls * 100 > bytes.size() + 400) {
      CHECK_THROWS_AS(decode(bytes), DecodeError);
      CHECK_THROWS_WITH_AS(
          readDocument(path, 1u << 30),
          (path +
           ": binary data: NUL byte at offset 0 (the first 30000 bytes at least are NUL, "
           "over 1% of its " +
           std::to_string(bytes.size()) + " bytes)")
              .c_str(),
          DecodeError);
    } else {
      CHECK(readDocument(path, 1u << 30) == bytes);
      CHECK_NOTHROW(decode(bytes));
    }
  }
  std::string sparseText = (dir / "sparse-limit-raised.txt").string();
  std::ofstream(sparseText).close();
  REQUIRE(::truncate(sparseText.c_str(), off_t{1} << 31) == 0);
  CHECK_THROWS_AS(readDocument(sparseText, size_t{1} << 32), DecodeError);
  std::string small = (dir / "a.txt").string();
  std::ofstream(small) << "가나다";
  CHECK(readDocument(small, 100) == "가나다");
  CHECK_THROWS_AS(readDocument(small, 5), LimitError);
  CHECK_THROWS_WITH_AS(readDocument((dir / "none.txt").string(), 100),
                       ((dir / "none.txt").string() + ": cannot open: No such file or directory").c_str(), IoError);
  // Out of file descriptors: the machine's failure, not the document's. (Not under
  // the sanitizers: their runtime needs a descriptor of its own to check the exception
  // thrown then, and reports a false vptr error without one.)
#if !defined(__SANITIZE_ADDRESS__)
  struct rlimit old {};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &old) == 0);
  int probe = ::dup(0);
  REQUIRE(probe >= 0);
  ::close(probe);
  struct rlimit low = old;
  low.rlim_cur = static_cast<rlim_t>(probe);  // the next descriptor is over the limit
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  bool machine = false;
  try {
    readDocument(small, 100);
  } catch (const MachineError&) {
    machine = true;
  } catch (...) {
  }
  ::setrlimit(RLIMIT_NOFILE, &old);
  CHECK(machine);
#endif
  fs::remove_all(dir);
}

// Issue 21, kind 4: --max-document-seconds 1e10 overflowed the clock and
// skipped every document as "ran over".

TEST_CASE("a huge --max-document-seconds is no bound, not an overflow") {
  ExtractOptions o;
  o.maxSeconds = 1e10;
  Extractor ex(lexicon(), o);
  DocumentResult r = ex.extractBytes("중국 과학기술부는 상하이 푸둥신구와 협력 계획을 발표했다.", "a.txt");
  CHECK(!r.entities.empty());
  o.maxSeconds = 1e300;
  Extractor ex2(lexicon(), o);
  CHECK_NOTHROW(ex2.extractBytes("중국 과학기술부는 협력 계획을 발표했다.", "b.txt"));
}

// What pass 1 keeps of a sentence for pass 2 (issue 22): given back once, and only
// within the memory budget (past it pass 2 makes the values again).
TEST_CASE("SentenceBasics keeps pass 1's values within its budget and gives each back once") {
  kg::detail::SentenceBasics<std::vector<int>> basics(3, 2000);
  basics.keep(0, {1, 2, 3}, 1500);
  basics.keep(1, {4}, 600);  // 2100 bytes in all: over the budget, not kept
  basics.keep(2, {5}, 500);  // 2000: kept
  basics.keep(7, {6}, 1);    // no such sentence
  std::vector<int> v;
  REQUIRE(basics.take(0, v));
  CHECK(v == std::vector<int>{1, 2, 3});
  CHECK(!basics.take(0, v));  // once
  CHECK(!basics.take(1, v));
  REQUIRE(basics.take(2, v));
  CHECK(v == std::vector<int>{5});
  CHECK(!basics.take(7, v));
  // Memory for the kept ones only, not a slot for each of a million sentences (issue 21).
  kg::detail::SentenceBasics<std::vector<int>> many(1000000, 2000);
  for (size_t i = 0; i < 1000000; i += 1000) many.keep(i, {1}, 100);
  CHECK(many.heapBytes() <= 64 * 32);
  REQUIRE(many.take(19000, v));
  CHECK(!many.take(20000, v));
  CHECK(!many.take(19001, v));
}

// The tries RelationRules::words walks for word-class prefixes and suffixes (issue 22).
TEST_CASE("ByteTrie gives every word a text starts or ends with, shortest first") {
  std::map<std::string, int> words{{"과학", 1}, {"과학기술", 2}, {"기술", 3}, {"술", 4}, {"", 5}};
  kg::detail::ByteTrie<int> fwd, rev;
  fwd.build(words, false);
  rev.build(words, true);
  std::vector<std::pair<size_t, int>> got;
  auto add = [&](size_t n, int v) { got.emplace_back(n, v); };
  fwd.forEachPrefix("과학기술부", add);
  CHECK(got == std::vector<std::pair<size_t, int>>{{0, 5}, {6, 1}, {12, 2}});
  got.clear();
  rev.forEachSuffix("과학기술", add);
  CHECK(got == std::vector<std::pair<size_t, int>>{{0, 5}, {3, 4}, {6, 3}, {12, 2}});
  got.clear();
  fwd.forEachPrefix("과", add);  // a partial word: only the empty one
  CHECK(got == std::vector<std::pair<size_t, int>>{{0, 5}});
  got.clear();
  kg::detail::ByteTrie<int> none;
  none.forEachPrefix("과학", add);
  CHECK(got.empty());
}

TEST_CASE("a mention is 16 bytes: its rule is held once, its surface is read from the text (issue 21)") {
  CHECK(sizeof(kg::Mention) == 16);
  kg::DocumentResult d;
  d.text.text = "베이징 중국과학원 베이징 저장(浙江)성 저장(浙江)성";
  d.sentences.resize(2);
  d.sentences[0].span = kg::Span{0, 25};
  d.sentences[1].span = kg::Span{26, 75};
  d.addMention(kg::Span{0, 9}, 0, "베이징", "lexicon");
  d.addMention(kg::Span{10, 25}, 1, "중국과학원", "head:과학원");
  d.addMention(kg::Span{26, 35}, 0, "베이징", "lexicon");
  // written otherwise than its span (a parenthetical removed), or a span outside the text: kept
  d.addMention(kg::Span{36, 53}, 2, "저장성", "lexicon");
  d.addMention(kg::Span{54, 71}, 2, "저장성", "lexicon");  // the same again: held once
  d.addMention(kg::Span{70, 80}, 2, "저장", "lexicon");
  REQUIRE(d.mentions.size() == 6);
  CHECK(d.mentionRules == std::vector<std::string>{"lexicon", "head:과학원"});
  CHECK(d.surface(d.mentions[1]) == "중국과학원");
  CHECK(d.rule(d.mentions[1]) == "head:과학원");
  CHECK(d.surface(d.mentions[2]) == "베이징");
  CHECK(d.rule(d.mentions[2]) == "lexicon");
  // the sentence is read from the position
  CHECK(d.sentenceOf(d.mentions[0]) == 0);
  CHECK(d.sentenceOf(d.mentions[1]) == 0);
  CHECK(d.sentenceOf(d.mentions[2]) == 1);
  CHECK(d.sentenceOf(d.mentions[5]) == 1);
  CHECK(d.mentions[2].span.begin == 26);
  CHECK(d.surface(d.mentions[3]) == "저장성");
  CHECK(d.surface(d.mentions[4]) == "저장성");
  CHECK(d.surface(d.mentions[5]) == "저장");
  // only those are copied, a surface once when it comes again
  CHECK(uint32_t(d.mentions[0].surface) == kg::Mention::kSurfaceIsSpan);
  CHECK(uint32_t(d.mentions[2].surface) == kg::Mention::kSurfaceIsSpan);
  CHECK(d.surfaces == "저장성저장");
  CHECK(d.storedSurfaces.size() == 2);
}

TEST_CASE("a surface written otherwise than its text is stored once however often it comes, in any order") {
  // (a mention holds 20 bits for it: a document of more glossed mentions than that, a few
  // distinct forms over and over, is read whole)
  kg::DocumentResult d;
  d.text.text = "저장(浙江)성 산시(陝西)성";
  for (uint32_t i = 0; i < kg::Mention::kSurfaceIsSpan + 10; ++i)
    d.addMention(i % 2 ? kg::Span{18, 36} : kg::Span{0, 17}, 0, i % 2 ? "산시성" : "저장성", "lexicon");
  CHECK(d.storedSurfaces.size() == 2);
  CHECK(d.surface(d.mentions[1]) == "산시성");
  CHECK(d.surface(d.mentions.front()) == "저장성");
  CHECK(d.surface(d.mentions[kg::Mention::kSurfaceIsSpan + 8]) == "산시성");  // (odd: past 20 bits)
}

TEST_CASE("a document whose mentions use more rule names than a mention can index is refused, not wrapped") {
  kg::DocumentResult d;
  d.path = "many.txt";
  d.text.text = "가나다";
  for (uint32_t r = 0; r < kg::Mention::kMaxRules; ++r)
    d.addMention(kg::Span{0, 9}, 0, "가나다", "head:" + std::to_string(r));
  CHECK(d.rule(d.mentions.back()) == "head:" + std::to_string(kg::Mention::kMaxRules - 1));
  CHECK_THROWS_AS(d.addMention(kg::Span{0, 9}, 0, "가나다", "one-too-many"), kg::LimitError);
}

TEST_CASE(
    "JosaTable::split takes the longest ending that fits the stem, however many end the word") {
  using kg::detail::Role;
  kg::detail::JosaTable j;
  j.addForm("는", Role::Top);
  j.addForm("에서", Role::Loc);
  j.addForm("에서는", Role::Top);
  j.addForm("이", Role::Subj);
  Role r = Role::None;
  CHECK(j.split("베이징에서는", &r) == std::string_view("베이징").size());
  CHECK(r == Role::Top);
  CHECK(j.split("베이징에서", &r) == std::string_view("베이징").size());
  CHECK(r == Role::Loc);
  // 이 after a vowel is no particle: "천수메이" is a name
  CHECK(j.split("천수메이", &r) == std::string_view("천수메이").size());
  CHECK(r == Role::None);
  // more endings than the trie walk keeps (64): every suffix of a 70-letter word is a form;
  // the longest that leaves one code point of stem wins
  std::string word(70, 'a');
  for (size_t n = 1; n <= 70; ++n) j.addForm(word.substr(70 - n), n == 69 ? Role::Obj : Role::Adv);
  CHECK(j.split(word, &r) == 1);
  CHECK(r == Role::Obj);
  CHECK(j.split(word.substr(0, 10), &r) == 1);
  CHECK(r == Role::Adv);
}
