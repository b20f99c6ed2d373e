// KoreanForms (kg/korean_forms.h) and the gazetteer part of the lexicon:
// known pairs of the official orthography, Sino-Korean readings, both Han
// scripts, press variants, the filter against false short forms, and the
// gazetteer loader (round trips, merges, countries, clashes, bad lines).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest_support.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kg/error.h"
#include "kg/korean_forms.h"
#include "kg/lexicon.h"
#include "kg/names.h"

using namespace kg;

namespace {

// One KoreanForms for the whole binary: loading its tables takes a tenth of a second.
std::shared_ptr<const KoreanForms> sharedForms() {
  static std::shared_ptr<const KoreanForms> forms = std::make_shared<const KoreanForms>();
  return forms;
}
const KoreanForms& forms() {
  return *sharedForms();
}

std::vector<std::string> texts(const FormSet& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs.forms) out.push_back(f.text);
  return out;
}
std::vector<std::string> droppedTexts(const FormSet& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs.dropped) out.push_back(f.text);
  return out;
}
bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const std::string kFixture = std::string(KG_TEST_DATA) + "/gazetteer/lexicon";

Lexicon fixtureLexicon() {
  LexiconBuilder b;
  b.setForms(sharedForms());
  b.addDirectory(kFixture);
  return b.build();
}

// Ids of the entries lookup() returns for a name.
std::vector<std::string> ids(const Lexicon& lex, std::string_view name) {
  std::vector<std::string> out;
  for (uint32_t i : lex.lookup(name)) out.push_back(lex.entry(i).id);
  std::sort(out.begin(), out.end());
  return out;
}

// Ids of the entries findAll() reports over the whole of `text`.
std::vector<std::string> wholeMatches(const Lexicon& lex, std::string_view text) {
  std::vector<std::string> out;
  for (const auto& h : lex.findAll(text))
    if (h.span.begin == 0 && h.span.end == text.size()) out.push_back(lex.entry(h.entry).id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> problemsOf(LexiconBuilder& b) {
  try {
    b.build();
  } catch (const LexiconError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace

TEST_CASE("pinyin is written in the official Korean orthography for Chinese") {
  // Press forms of the genre, each checked against the table and its rules
  // (ㅈ ㅉ ㅊ before ㅑ ㅖ ㅛ ㅠ lose the y: jiang 장, jin 진; uei after a consonant 우이; uen 운).
  struct Pair {
    const char* hanzi;
    const char* pinyin;
    const char* hangul;
  };
  const Pair pairs[] = {
      {"哈尔滨", "Haerbin", "하얼빈"},
      {"中关村", "Zhongguancun", "중관춘"},
      {"天津", "Tianjin", "톈진"},
      {"沈阳", "Shenyang", "선양"},
      {"青岛", "Qingdao", "칭다오"},
      {"重庆", "chong qing", "충칭"},
      {"深圳", "Shenzhen", "선전"},
      {"苏州", "Suzhou", "쑤저우"},
      {"广州", "Guangzhou", "광저우"},
      {"成都", "Chengdu", "청두"},
      {"西安", "Xi'an", "시안"},
      {"厦门", "xia men", "샤먼"},
      {"浦东", "Pudong", "푸둥"},
      {"张江", "Zhangjiang", "장장"},
      {"习近平", "Xi Jinping", "시진핑"},
      {"雷军", "Lei Jun", "레이쥔"},
      {"杭州", "Hangzhou", "항저우"},
      {"济南", "Jinan", "지난"},
      {"长春", "Changchun", "창춘"},
      {"绥芬河", "Suifenhe", "쑤이펀허"},
      {"黑河", "Heihe", "헤이허"},
      {"荆门", "Jingmen", "징먼"},
      {"乌鲁木齐", "Wulumuqi", "우루무치"},
      {"呼和浩特", "Huhehaote", "후허하오터"},
      {"内蒙古", "Neimenggu", "네이멍구"},
      {"大连", "Dalian", "다롄"},
      {"延边", "Yanbian", "옌볜"},
      {"贵州", "Guizhou", "구이저우"},
      {"昆明", "Kunming", "쿤밍"},
      {"雄安", "Xiong'an", "슝안"},
      {"泉州", "Quanzhou", "취안저우"},
      {"洛阳", "Luoyang", "뤄양"},
      {"石家庄", "Shijiazhuang", "스자좡"},
      {"东莞", "Dongguan", "둥관"},
      {"太原", "Taiyuan", "타이위안"},
      {"云南", "Yunnan", "윈난"},
  };
  for (const auto& p : pairs) {
    CAPTURE(p.hanzi);
    CHECK(forms().hangulOfPinyin(p.pinyin) == p.hangul);
    // The same from the characters alone: Unihan's kMandarin, and readings.tsv
    // for the names whose reading is not a character's first (重庆, 厦门, 长春, 成都).
    CHECK(forms().hangulOfPinyin(forms().pinyinOf(p.hanzi)) == p.hangul);
  }
}

TEST_CASE("pinyin is read with tone marks, tone numbers, apostrophes and without spaces") {
  using V = std::vector<std::string>;
  CHECK(forms().pinyinSyllables("Hā'ěrbīn") == V{"ha", "er", "bin"});
  CHECK(forms().pinyinSyllables("chong2 qing4") == V{"chong", "qing"});
  CHECK(forms().pinyinSyllables("lǜ") == V{"lv"});
  CHECK(forms().pinyinSyllables("Lu:") == V{"lv"});
  CHECK(forms().pinyinSyllables("nüe") == V{"nve"});
  // Unseparated: a syllable starting with a, o or e follows an apostrophe in pinyin.
  CHECK(forms().pinyinSyllables("xingan") == V{"xin", "gan"});
  CHECK(forms().pinyinSyllables("Xian") == V{"xian"});
  CHECK(forms().pinyinSyllables("Xi'an") == V{"xi", "an"});
  CHECK(forms().pinyinSyllables("Tian-jin") == V{"tian", "jin"});
  CHECK(forms().hangulOfPinyin("lǜ") == "뤼");
  CHECK(forms().hangulOfPinyin("zhi chi shi ri zi ci si") == "즈츠스르쯔츠쓰");
  CHECK(forms().hangulOfPinyin("jia jie jiao jiu jian qiong") == "자제자오주젠충");
  CHECK(forms().hangulOfPinyin("gui kun wei wen") == "구이쿤웨이원");
  CHECK(forms().pinyinOf("哈爾濱") == "ha er bin");  // either script
  CHECK(forms().pinyinOf("中国制造2025") == "zhong guo zhi zao");

  try {
    forms().pinyinSyllables("Haerbxn");
    FAIL("a run that is no syllable must throw");
  } catch (const LexiconError& e) {
    CHECK(std::string(e.what()).find("haerbxn") != std::string::npos);
  }
  CHECK_THROWS_AS(forms().pinyinSyllables("Ha*er"), LexiconError);
}

TEST_CASE("Sino-Korean readings, with the initial-sound rule at the start of a name") {
  struct Pair {
    const char* hanzi;
    const char* reading;
  };
  const Pair pairs[] = {
      {"北京", "북경"},
      {"天津", "천진"},
      {"中關村", "중관촌"},
      {"中关村", "중관촌"},
      {"上海", "상해"},
      {"沈阳", "심양"},  // 沈阳 is 瀋陽 in traditional characters (OpenCC, phrase
                         // level): 심, not 침
      {"瀋陽", "심양"},
      {"李", "이"},
      {"劉", "유"},
      {"洛陽", "낙양"},
      {"遼寧", "요녕"},
      {"哈爾濱", "합이빈"},
      {"遼寧省", "요녕성"},
      {"長沙", "장사"},
      {"老子", "노자"},
      {"女性", "여성"},
      // characters whose Korean reading Unihan records on their Z-variant (研/硏, 吴/吳,
      // 乡/鄉): without it these names had no Sino-Korean form at all
      {"北京有色金属研究总院", "북경유색금속연구총원"},
      {"研究所", "연구소"},
      {"吴江", "오강"},
      {"桐乡", "동향"},
      // characters of place names Unihan gives no Korean reading (hanja_names.tsv):
      // without them these names had no Sino-Korean form at all
      {"崂山区", "노산구"},
      {"深圳", "심천"},
      {"潍坊", "유방"},
      {"菏泽", "하택"},
      {"莆田", "보전"},
  };
  for (const auto& p : pairs) {
    CAPTURE(p.hanzi);
    CHECK(forms().sinoKorean(p.hanzi) == p.reading);
  }
  // The rule only at the start: 寧 stays 녕 inside a name.
  CHECK(initialSoundRule("리") == "이");
  CHECK(initialSoundRule("류") == "유");
  CHECK(initialSoundRule("락양") == "낙양");
  CHECK(initialSoundRule("료녕") == "요녕");
  CHECK(initialSoundRule("녀자") == "여자");
  CHECK(initialSoundRule("뢰") == "뇌");
  CHECK(initialSoundRule("북경") == "북경");
  CHECK(initialSoundRule("") == "");
  CHECK(hangulSyllableCount("장쑤 Jiangsu") == 2);
}

TEST_CASE("the conventional reading of names (속음) is made with the name's ending only") {
  // 寧 is 녕 (安寧) and, after a name's first syllable, 령 (宜寧 의령, 遼寧 요령).
  auto liaoning = texts(forms().forms({NodeType::Place, "CN", "랴오닝성", "辽宁省", ""}));
  CHECK(has(liaoning, "요녕성"));
  CHECK(has(liaoning, "요녕"));
  CHECK(has(liaoning, "요령성"));
  CHECK_FALSE(has(liaoning, "요령"));  // bare, 요령 is a word ("knack")
  auto nanning = texts(forms().forms({NodeType::Place, "CN", "난닝시", "南宁市", ""}));
  CHECK(has(nanning, "남녕시"));
  CHECK(has(nanning, "남령시"));
  CHECK_FALSE(has(nanning, "남령"));
  // At the start of a name 寧 keeps its usual reading, with the initial-sound rule.
  auto ningxia =
      texts(forms().forms({NodeType::Place, "CN", "닝샤후이족자치구", "宁夏回族自治区", ""}));
  CHECK(has(ningxia, "영하회족자치구"));
  CHECK(std::none_of(ningxia.begin(), ningxia.end(),
                     [](const std::string& f) { return f.rfind("령", 0) == 0; }));
  // The public reading stays the usual one.
  CHECK(forms().sinoKorean("遼寧省") == "요녕성");
}

TEST_CASE("a one-character county has no Sino-Korean form") {
  // 雄縣 would read 웅현, 涉縣 섭현, 邱縣 구현 ("implementation"): words and given names.
  auto xiong = forms().forms({NodeType::Place, "CN", "슝현", "雄县", ""});
  CHECK(texts(xiong) == std::vector<std::string>{"슝현", "雄县", "雄縣"});
  auto qiu = texts(forms().forms({NodeType::Place, "CN", "추현", "邱县", ""}));
  CHECK_FALSE(has(qiu, "구현"));
  // Two characters keep theirs (安新縣 안신현).
  CHECK(has(texts(forms().forms({NodeType::Place, "CN", "안신현", "安新县", ""})), "안신현"));
}

TEST_CASE("traditional and simplified characters, phrase by phrase") {
  CHECK(forms().traditional("哈尔滨") == "哈爾濱");
  CHECK(forms().simplified("哈爾濱") == "哈尔滨");
  CHECK(forms().traditional("中关村") == "中關村");
  CHECK(forms().simplified("中關村") == "中关村");
  CHECK(forms().traditional("沈阳") == "瀋陽");  // the city: 瀋, not the surname 沈
  CHECK(forms().simplified("瀋陽") == "沈阳");
  CHECK(forms().traditional("하얼빈 Harbin") == "하얼빈 Harbin");
}

TEST_CASE("forms of a name: both scripts, both readings, with and without its suffix") {
  auto fs = forms().forms({NodeType::Place, "CN", "장쑤성", "江苏省", ""});
  auto t = texts(fs);
  CHECK(t.front() == "장쑤성");
  for (const char* f : {"江苏省", "江蘇省", "장쑤", "강소성", "강소", "江苏", "江蘇"})
    CHECK_MESSAGE(has(t, f), f);

  t = texts(forms().forms({NodeType::Place, "CN", "난징", "南京市", ""}));
  for (const char* f : {"난징", "난징시", "남경시", "남경", "南京市", "南京"})
    CHECK_MESSAGE(has(t, f), f);

  // Autonomous regions: the stem alone (광시), with the generic ending (광시자치구).
  t = texts(forms().forms({NodeType::Place, "CN", "광시좡족자치구", "广西壮族自治区", ""}));
  for (const char* f : {"광시", "광시자치구", "광서장족자치구", "廣西壯族自治區", "广西"})
    CHECK_MESSAGE(has(t, f), f);
  CHECK_FALSE(has(t, "광시좡쭈쯔즈취"));  // the orthography of the Han ending is no form

  // Universities: 대학, 대학교, 대, never the bare stem.
  t = texts(forms().forms({NodeType::Organization, "CN", "칭화대학", "清华大学", ""}));
  for (const char* f : {"칭화대학", "칭화대학교", "칭화대", "청화대학", "清華大學"})
    CHECK_MESSAGE(has(t, f), f);
  CHECK_FALSE(has(t, "칭화"));

  // Korean places without a Han name: 특별시, 시, or nothing.
  t = texts(forms().forms({NodeType::Place, "KR", "서울특별시", "", ""}));
  CHECK(t == std::vector<std::string>{"서울특별시", "서울시", "서울"});

  // Agencies go by Sino-Korean names: no orthography of 科学技术部.
  t = texts(forms().forms({NodeType::Agency, "CN", "과학기술부", "科学技术部", ""}));
  CHECK(has(t, "科學技術部"));
  CHECK(std::none_of(t.begin(), t.end(),
                     [](const std::string& s) { return s.find("커쉐") != std::string::npos; }));

  // People: orthography and the older Sino-Korean reading.
  t = texts(forms().forms({NodeType::Person, "CN", "시진핑", "习近平", ""}));
  CHECK(has(t, "습근평"));
  CHECK(has(t, "習近平"));

  // The pinyin column decides a character's reading; it must have one syllable per character.
  t = texts(forms().forms({NodeType::Place, "CN", "샤먼시", "厦门市", "xia4 men2 shi4"}));
  CHECK(has(t, "샤먼"));
  CHECK_THROWS_AS(forms().forms({NodeType::Place, "CN", "샤먼시", "厦门市", "xia men"}),
                  LexiconError);
  CHECK_THROWS_AS(forms().forms({NodeType::Place, "", "샤먼", "", "xia men"}), LexiconError);
  // Districts and counties: the bare stem only when it is long (3 syllables or more,
  // 3 Han characters or more) and never in its Sino-Korean reading (the press writes
  // 차오양구 or 차오양, not 조양; 시스 of 西市区 would be found in 시스템, 城中 in 城中村).
  t = texts(forms().forms({NodeType::Place, "CN", "차오양구", "朝阳区", "chao yang qu"}));
  for (const char* f : {"차오양구", "차오양", "조양구", "朝阳区", "朝陽區"})
    CHECK_MESSAGE(has(t, f), f);
  CHECK_FALSE(has(t, "조양"));
  CHECK_FALSE(has(t, "朝阳"));
  t = texts(forms().forms({NodeType::Place, "CN", "시스구", "西市区", ""}));
  CHECK(has(t, "시스구"));
  CHECK_FALSE(has(t, "시스"));
  t = texts(forms().forms({NodeType::Place, "CN", "젠허현", "剑河县", ""}));
  CHECK(has(t, "검하현"));
  CHECK_FALSE(has(t, "검하"));  // "점검하고"
  t = texts(forms().forms({NodeType::Place, "CN", "아바가기", "阿巴嘎旗", ""}));
  CHECK(has(t, "아바가"));
  CHECK(has(t, "阿巴嘎"));
  // Cities keep their short stems in both readings (난징, 남경 above).
  // Japanese things: neither Chinese nor Korean readings of the kanji.
  t = texts(forms().forms({NodeType::Place, "JP", "도쿄", "东京", ""}));
  CHECK(t == std::vector<std::string>{"도쿄", "东京", "東京"});
}

TEST_CASE("press variants of Korea-China names") {
  auto v = forms().pressVariants("새만금 한중산업협력단지");
  for (const char* f :
       {"새만금 한·중산업협력단지", "새만금 한-중산업협력단지", "새만금 중한산업협력단지",
        "새만금 중·한산업협력단지", "새만금 韓中산업협력단지", "새만금 中韓산업협력단지"})
    CHECK_MESSAGE(has(v, nfkc(f)), f);
  CHECK(has(forms().pressVariants("한·중 FTA"), "한중 FTA"));
  CHECK(has(forms().pressVariants("중한산업원"), "한중산업원"));
  CHECK(forms().pressVariants("대한중석").empty());  // 한중 inside a word is no Korea-China
  CHECK(forms().pressVariants("푸둥신구").empty());
}

TEST_CASE("short forms that are Korean words or Korean places are not made") {
  struct Case {
    const char* ko;
    const char* zh;
    const char* dropped;  // a generated short form left out
    const char* kept;     // a longer form that stays
  };
  const Case cases[] = {
      {"창사시", "长沙市", "장사", "장사시"},        // 장사 "business"
      {"청두", "成都", "성도", "청두"},              // 성도 "saint"
      {"쑤저우시", "苏州市", "소주", "소주시"},      // 소주 "soju"
      {"칭다오시", "青岛市", "청도", "칭다오"},      // 청도군, a Korean county
      {"지난시", "济南市", "지난", "지난시"},        // 지난 "last"
      {"광저우시", "广州市", "광주", "광저우"},      // 광주, a Korean city
      {"광저우시", "广州市", "광주시", "광저우시"},  // ... with any ending
  };
  for (const auto& c : cases) {
    CAPTURE(c.zh);
    auto fs = forms().forms({NodeType::Place, "CN", c.ko, c.zh, ""});
    CHECK(has(droppedTexts(fs), c.dropped));
    CHECK_FALSE(has(texts(fs), c.dropped));
    CHECK(has(texts(fs), c.kept));
  }
  // A Korean place keeps its own short name, unless it is an everyday word too
  // (강화 "strengthening", 달성 "achievement").
  CHECK(has(texts(forms().forms({NodeType::Place, "KR", "광주광역시", "", ""})), "광주"));
  auto ganghwa = forms().forms({NodeType::Place, "KR", "강화군", "", ""});
  CHECK(texts(ganghwa) == std::vector<std::string>{"강화군"});
  CHECK(droppedTexts(ganghwa) == std::vector<std::string>{"강화"});
  // A company's Korean stem is often common words ("중국 해양 석유·가스"): only
  // its Han stem is a form.
  auto cnooc =
      texts(forms().forms({NodeType::Company, "CN", "중국해양석유그룹", "中国海洋石油集团", ""}));
  CHECK(has(cnooc, "中国海洋石油"));
  CHECK(has(cnooc, "中國海洋石油集團"));
  CHECK_FALSE(has(cnooc, "중국해양석유"));
  // Readings that are everyday words: 莱州 -> not 내주 ("next week").
  CHECK(has(droppedTexts(forms().forms({NodeType::Place, "CN", "라이저우시", "莱州市", ""})),
            "내주"));
  CHECK(forms().isCommonWord("광주", "CN"));
  CHECK_FALSE(forms().isCommonWord("광주", "KR"));
  CHECK(forms().isCommonWord("장사", "KR"));
  CHECK_FALSE(forms().isCommonWord("장쑤"));
  CHECK(forms().neverInText("지난"));
  CHECK_FALSE(forms().neverInText("장사"));
}

TEST_CASE("every form of the gazetteer fixture finds its entry") {
  Lexicon lex = fixtureLexicon();
  size_t checked = 0;
  for (uint32_t i = 0; i < lex.size(); ++i) {
    const LexiconEntry& e = lex.entry(i);
    std::vector<std::string> names{e.canonical};
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
    for (const auto& n : names) {
      CAPTURE(e.id);
      CAPTURE(n);
      auto hits = lex.lookup(n);
      CHECK(std::find(hits.begin(), hits.end(), i) != hits.end());
      if (std::find(e.lookupOnly.begin(), e.lookupOnly.end(), n) == e.lookupOnly.end())
        CHECK(has(wholeMatches(lex, nfkc(n)), e.id));
      ++checked;
    }
  }
  CHECK(checked > 200);
}

TEST_CASE("the gazetteer fixture: known pairs name one entry in every script and reading") {
  Lexicon lex = fixtureLexicon();
  const std::vector<std::vector<const char*>> table = {
      {"harbin", "하얼빈", "하얼빈시", "합이빈", "哈尔滨", "哈爾濱", "哈尔滨市", "Harbin",
       "HARBIN"},
      {"zhongguancun", "중관춘", "중관촌", "中关村", "中關村", "Zhongguancun"},
      {"tianjin", "톈진", "톈진시", "천진", "텐진", "天津", "天津市"},
      {"shenyang", "선양", "선양시", "심양", "沈阳", "瀋陽", "沈阳市", "瀋陽市"},
      {"chongqing", "충칭", "충칭시", "중경", "重庆", "重慶"},
      {"xiamen", "샤먼", "샤먼시", "하문", "厦门", "廈門"},
      {"jiangsu", "장쑤", "장쑤성", "강소", "강소성", "江苏省", "江蘇"},
      {"nanjing", "난징", "난징시", "남경", "南京"},
      {"guangxi", "광시", "광시좡족자치구", "광시자치구", "광서"},
      {"tsinghua", "칭화대학", "칭화대", "칭화대학교", "청화대학", "清华大学", "清華大學", "THU"},
      {"xi-jinping", "시진핑", "习近平", "習近平", "Xi Jinping"},
      {"lei-jun", "레이쥔", "雷军", "雷軍"},
      {"most", "과학기술부", "과기부", "科学技术部", "科學技術部", "MOST"},
      {"seoul", "서울", "서울시", "서울특별시", "Seoul"},
      {"kc-park", "새만금 한중산업협력단지", "새만금 한·중산업협력단지", "새만금 중한산업협력단지",
       "새만금 韓中산업협력단지"},
  };
  for (const auto& row : table) {
    for (size_t k = 1; k < row.size(); ++k) {
      CAPTURE(row[k]);
      CHECK(ids(lex, row[k]) == std::vector<std::string>{row[0]});
    }
  }
  // Spaces do not matter when matching: "하얼빈 창룽그룹" and "하얼빈창룽그룹".
  CHECK(wholeMatches(lex, "하얼빈 창룽그룹") == std::vector<std::string>{"changlong"});
  CHECK(wholeMatches(lex, "하얼빈창룽그룹") == std::vector<std::string>{"changlong"});
  CHECK(ids(lex, "하얼빈창룽그룹") == std::vector<std::string>{"changlong"});
  // A zone prefixed with its parent place.
  CHECK(ids(lex, "상하이 장장") == std::vector<std::string>{"zhangjiang"});

  // What the filter left out: no entry, or only the Korean one.
  CHECK(ids(lex, "장사").empty());
  CHECK(ids(lex, "성도").empty());
  CHECK(ids(lex, "광주") == std::vector<std::string>{"kr-gwangju"});
  CHECK(ids(lex, "광주시") == std::vector<std::string>{"kr-gwangju"});
  CHECK(ids(lex, "청도") == std::vector<std::string>{"kr-cheongdo"});
  // The stem of a zone that names a place is not the zone's: 하얼빈신구 -> not 하얼빈.
  CHECK(ids(lex, "哈尔滨") == std::vector<std::string>{"harbin"});
  CHECK(ids(lex, "하얼빈신구") == std::vector<std::string>{"harbin-new-area"});
  // 지난 ("last") is known to lookup() but never matched in running text; 지난시 is.
  CHECK(ids(lex, "지난") == std::vector<std::string>{"jinan"});
  CHECK(lex.findAll("지난 3일 발표했다").empty());
  CHECK(wholeMatches(lex, "济南") == std::vector<std::string>{"jinan"});
}

TEST_CASE("the gazetteer fixture: facts, the merge of one id in both kinds of file") {
  Lexicon lex = fixtureLexicon();
  auto harbin = lex.findId("harbin");
  REQUIRE(harbin);
  const LexiconEntry& h = lex.entry(*harbin);
  CHECK(h.canonical == "하얼빈");  // the hand-written canonical name stays
  CHECK((h.type == NodeType::Place));
  CHECK(h.country == "CN");
  CHECK(h.parent == "heilongjiang");
  CHECK(h.hanzi == "哈尔滨市");
  CHECK(h.pinyin == "ha er bin shi");
  CHECK(has(h.aliases, "하얼빈시"));  // the gazetteer's ko
  CHECK(has(h.aliases, "합이빈"));    // from both files, once
  CHECK(std::count(h.aliases.begin(), h.aliases.end(), "합이빈") == 1);
  CHECK(h.source.find("places.tsv:2") != std::string::npos);
  CHECK(h.source.find("gazetteer/places.tsv:2") != std::string::npos);
  size_t harbins = 0;
  for (uint32_t i = 0; i < lex.size(); ++i) harbins += lex.entry(i).id == "harbin";
  CHECK(harbins == 1);

  auto most = lex.findId("most");
  REQUIRE(most);
  CHECK(lex.entry(*most).years == "2018-");
  CHECK(lex.entry(*most).english ==
        std::vector<std::string>{"Ministry of Science and Technology", "MOST"});
  CHECK_FALSE(lex.findId("no-such-id"));
}

TEST_CASE("two things of one Korean name in two countries are two entries") {
  Lexicon lex = fixtureLexicon();
  CHECK(ids(lex, "조지아") == std::vector<std::string>{"georgia-country", "georgia-state"});
  auto us = lex.lookup("조지아", "US");
  REQUIRE(us.size() == 1);
  CHECK(lex.entry(us[0]).id == "georgia-state");
  CHECK(lex.entry(us[0]).country == "US");
  CHECK(lex.lookup("조지아", "GE").size() == 1);
  CHECK(lex.lookup("조지아", "KR").empty());
  CHECK(has(lex.ambiguousKeys(), NameFolder().key("조지아")));
}

TEST_CASE("a short form of two entries of different types is a reported clash") {
  Lexicon lex = fixtureLexicon();
  // 张江 (the zone) and 长江 (the river) both read 장강 in Sino-Korean.
  CHECK(ids(lex, "장강") == std::vector<std::string>{"yangtze", "zhangjiang"});
  CHECK(has(lex.ambiguousKeys(), NameFolder().key("장강")));
  CHECK_FALSE(has(lex.ambiguousKeys(), NameFolder().key("장장")));
}

TEST_CASE("the name folder simplifies character by character only where ICU does") {
  // NameFolder keeps ICU's answer per character and uses it when no phrase
  // rule of ICU's Traditional-Simplified can apply: the result must be ICU's.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icuT2s(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  NameFolder folder;
  for (const char* text : {"國務院",
                           "深沈",
                           "山嶽",
                           "中國科學院",
                           "于飛",
                           "臺灣",
                           "台灣",
                           "哈爾濱市",
                           "瀋陽",
                           "沈陽",
                           "深沈的山嶽",
                           "「中國」",
                           "중국 科學技術部",
                           "乾隆",
                           "後來",
                           "餘波",
                           "麵包",
                           "頭髮",
                           "鐘錶",
                           "abc 中關村 123",
                           "嶽",
                           "中"}) {
    CAPTURE(text);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    icuT2s->transliterate(u);
    std::string expected;
    u.toUTF8String(expected);
    CHECK(folder.simplified(text) == expected);
    CHECK(folder.simplified(text) == expected);  // from the kept answers the second time
  }
  CHECK(folder.simplified("山嶽") == "山岳");  // a phrase rule
  CHECK(folder.simplified("하얼빈") == "하얼빈");
}

TEST_CASE("bad gazetteer lines are all reported, each with file:line") {
  LexiconBuilder b;
  b.setForms(sharedForms());
  b.addText("Place\t베이징\t북경\tbeijing\nPlace\t서울\t\tseoul\n", "old.tsv");
  b.addGazetteerText(
      "# header\n"
      "ok-1\tPlace\tCN\t톈진시\t天津市\t\tTianjin\t\t\t\tMCA\n"  // 2: fine
      "too-few\tPlace\tCN\t톈진\n"                               // 3: columns
      "Bad Id\tPlace\tCN\t톈진\t\t\t\t\t\t\tMCA\n"               // 4: id
      "x-2\tPlase\tCN\t톈진\t\t\t\t\t\t\tMCA\n"                  // 5: type
      "x-3\tPlace\tZZ\t톈진\t\t\t\t\t\t\tMCA\n"                  // 6: country
      "x-4\tPlace\tCN\t\t\t\t\t\t\t\tMCA\n"                      // 7: ko
      "x-5\tPlace\tCN\t톈진\t\ttian jin\t\t\t\t\tMCA\n"          // 8: pinyin without zh
      "x-6\tPlace\tCN\t톈진\t\t\t\t\t\t1990-80\tMCA\n"           // 9: years
      "x-7\tPlace\tCN\t톈진\t\t\t\t\t\t\t\n"                     // 10: source
      "x-8\tPlace\tCN\t톈진\t\t\t\t\tnowhere\t\tMCA\n"           // 11: parent
      "x-9\tPlace\tCN\t톈진시\t天津市\ttian jin\t\t\t\t\tMCA\n"  // 12: syllables
      "x-10\tPlace\tCN\t톈진\t天津\tqxz jin\t\t\t\t\tMCA\n"      // 13: pinyin
      "ok-1\tPlace\tCN\t톈진\t\t\t\t\t\t\tMCA\n"                 // 14: id twice
      "beijing\tZone\tCN\t베이징\t北京\t\t\t\t\t\tMCA\n"         // 15: type of a merged id
      "seoul\tPlace\tKR\t서울특별시\t\t\t\t\t\t\tMOIS\n",        // 16: merged, fine
      "gz.tsv");
  auto p = problemsOf(b);
  const std::vector<int> lines = {3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 11, 12, 13};
  REQUIRE(p.size() == lines.size());
  std::vector<std::string> where;
  for (const auto& m : p) where.push_back(m.substr(0, m.find(':', m.find(':') + 1)));
  for (int l : lines) CHECK_MESSAGE(has(where, "gz.tsv:" + std::to_string(l)), l);
  auto find = [&](int line) {
    for (const auto& m : p)
      if (m.rfind("gz.tsv:" + std::to_string(line) + ":", 0) == 0) return m;
    return std::string();
  };
  CHECK(find(3).find("11") != std::string::npos);
  CHECK(find(6).find("'ZZ'") != std::string::npos);
  CHECK(find(11).find("'nowhere'") != std::string::npos);
  CHECK(find(12).find("2 syllable(s)") != std::string::npos);
  CHECK(find(14).find("already used at gz.tsv:2") != std::string::npos);
  CHECK(find(15).find("old.tsv:1") != std::string::npos);  // names the other line
}

TEST_CASE("bad lines in the tables of KoreanForms are reported with file:line") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kg-forms-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path src = KoreanForms::defaultDirectory();
  for (const char* f : {"pinyin_hangul.tsv", "hanja.tsv", "hanja_names.tsv", "readings.tsv",
                        "suffixes.tsv", "common_words.txt"})
    fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
  {
    std::ofstream(dir / "pinyin_hangul.tsv", std::ios::app) << "Zz\t즈\nqqq\tabc\n";
    // a character hanja.tsv reads already, an unknown kind, two syllables
    std::ofstream(dir / "hanja_names.tsv", std::ios::app)
        << "北\treading\t북\n寧\tsometimes\t령\n嶗\tin-name\t로노\n";
    std::ofstream(dir / "suffixes.tsv", std::ios::app) << "省\tPlase\t성\t성\tbare\n";
    std::ofstream(dir / "common_words.txt", std::ios::app) << "장사\n낱말\tsometimes\n";
  }
  try {
    KoreanForms bad(dir.string());
    FAIL("bad tables must throw");
  } catch (const LexiconError& e) {
    const auto& p = e.problems();
    REQUIRE(p.size() == 8);
    auto n = [](const fs::path& f) { return f.string() + ":"; };
    CHECK(p[0].rfind(n(dir / "pinyin_hangul.tsv"), 0) == 0);
    CHECK(p[1].rfind(n(dir / "pinyin_hangul.tsv"), 0) == 0);
    CHECK(p[2].rfind(n(dir / "hanja_names.tsv"), 0) == 0);
    CHECK(p[2].find("has a reading in hanja.tsv") != std::string::npos);
    CHECK(p[3].find("unknown kind 'sometimes'") != std::string::npos);
    CHECK(p[4].find("not one Hangul syllable") != std::string::npos);
    CHECK(p[5].rfind(n(dir / "suffixes.tsv"), 0) == 0);
    CHECK(p[6].find("listed twice") != std::string::npos);
    CHECK(p[7].find("'sometimes'") != std::string::npos);
  }
  fs::remove_all(dir);
  CHECK_THROWS_AS(KoreanForms("/nonexistent/kg-forms"), LexiconError);
}

TEST_CASE("the lexicon's files include the gazetteer and the form tables") {
  auto files = LexiconBuilder::lexiconFiles(kFixture);
  REQUIRE(files.size() == 3);
  CHECK(files[0].ends_with("/places.tsv"));
  CHECK(files[1].ends_with("/gazetteer/places.tsv"));
  CHECK(files[2].ends_with("/gazetteer/zones.tsv"));
  auto shipped = LexiconBuilder::lexiconFiles(KG_LEXICON_DIR);
  CHECK(std::any_of(shipped.begin(), shipped.end(),
                    [](const std::string& f) { return f.ends_with("/forms/hanja.tsv"); }));
}

TEST_CASE("the shipped lexicon with its gazetteer loads and keeps the genre's names") {
  LexiconBuilder b;
  b.setForms(sharedForms());
  b.addDirectory(KG_LEXICON_DIR);
  Lexicon lex = b.build();
  for (const char* name : {"하얼빈", "합이빈", "哈爾濱", "중관춘", "중관촌", "톈진", "천진", "선양",
                           "심양", "北京", "북경"})
    CHECK_MESSAGE(!lex.lookup(name).empty(), name);
  for (const char* word : {"장사", "성도", "소주"}) CHECK_MESSAGE(lex.lookup(word).empty(), word);
  // The readings a Z-variant gives (桐乡 동향, 宁乡 영향) are everyday words: not names.
  for (const char* word : {"동향", "영향"}) CHECK_MESSAGE(lex.lookup(word).empty(), word);
}

// Issue 17, second batch: the provincial departments generated by
// scripts/gen_cn_province_depts.py, the departments of China's ministries, Korea's central
// bodies past and present, its public institutions and the other universities of both
// countries. Each name is looked up and must give exactly the entry named, of its type and
// country (and parent and years where the line gives them).
TEST_CASE("the shipped lexicon holds the provincial departments, public bodies and universities") {
  LexiconBuilder b;
  b.setForms(sharedForms());
  b.addDirectory(KG_LEXICON_DIR);
  Lexicon lex = b.build();
  struct Row {
    const char* name;
    const char* id;
    NodeType type;
    const char* country;
    const char* parent;
    const char* years;
  };
  const Row rows[] = {
      // generated per province: the Korean name, the Han name, its traditional form and its
      // Sino-Korean reading, the short Han form; the parent is the province's government
      {"허베이성 발전개혁위원회", "hebei-drc", NodeType::Agency, "CN", "hebei-government", ""},
      {"河北省发改委", "hebei-drc", NodeType::Agency, "CN", "hebei-government", ""},
      {"河北省發展和改革委員會", "hebei-drc", NodeType::Agency, "CN", "hebei-government", ""},
      {"하북성발전화개혁위원회", "hebei-drc", NodeType::Agency, "CN", "hebei-government", ""},
      {"저장성 경제정보화청", "zhejiang-miit", NodeType::Agency, "CN", "zhejiang-government", ""},
      {"上海市经济和信息化委员会", "shanghai-miit", NodeType::Agency, "CN",
       "shanghai-government", ""},
      {"北京市教委", "beijing-edu", NodeType::Agency, "CN", "beijing-government", ""},
      {"광둥성 외사판공실", "guangdong-fao", NodeType::Agency, "CN", "guangdong-government", ""},
      // departments of China's ministries
      {"과학기술부 국제협력사", "most-china-intl", NodeType::Agency, "CN", "most-china", ""},
      {"科技部高新技术司", "most-china-hitech", NodeType::Agency, "CN", "most-china", ""},
      {"商务部外国投资管理司", "mofcom-fdi", NodeType::Agency, "CN", "mofcom", ""},
      // Korea's central bodies, with the years of the name
      {"인사혁신처", "kr-mpm", NodeType::Agency, "KR", "", "2014-"},
      {"국가보훈처", "kr-mpva-1961", NodeType::Agency, "KR", "", "1961-2023"},
      {"국가보훈부", "kr-mpva", NodeType::Agency, "KR", "", "2023-"},
      {"국표원", "kr-kats", NodeType::Agency, "KR", "", "2013-"},
      // public institutions: business ones are companies, the others organisations
      {"한국석유공사", "co-knoc", NodeType::Company, "KR", "", ""},
      {"한수원", "co-khnp", NodeType::Company, "KR", "co-kepco", "2001-"},
      {"캠코", "co-kamco", NodeType::Company, "KR", "", ""},
      {"한국산업인력공단", "kr-hrdk", NodeType::Organization, "KR", "", ""},
      {"심평원", "kr-hira", NodeType::Organization, "KR", "", ""},
      {"KOSHA", "kr-kosha", NodeType::Organization, "KR", "", ""},
      // universities: the press's Korean name and the generated forms
      {"시안건축과기대학", "cn-univ-xian-architecture-and-technology", NodeType::Organization,
       "CN", "", ""},
      {"시안건축과기대학교", "cn-univ-xian-architecture-and-technology",
       NodeType::Organization, "CN", "", ""},
      {"西安建築科技大學", "cn-univ-xian-architecture-and-technology", NodeType::Organization,
       "CN", "", ""},
      {"쿤밍이공대학", "cn-univ-kunming-science-and-technology", NodeType::Organization, "CN",
       "", ""},
      {"장신대", "kr-univ-puts", NodeType::Organization, "KR", "", ""},
      {"육군사관학교", "kr-univ-kma-army", NodeType::Organization, "KR", "", ""},
      // Sino-Korean readings through a Z-variant (研 read as 硏)
      {"북경유색금속연구총원", "cn-grinm", NodeType::Organization, "CN", "", "-2017"},
      // world_places.tsv: US states (bare name too), cities beyond CLDR's exemplars, seas,
      // named regions
      {"텍사스주", "us-state-texas", NodeType::Place, "US", "usa", ""},
      {"텍사스", "us-state-texas", NodeType::Place, "US", "usa", ""},
      {"시애틀", "city-seattle", NodeType::Place, "US", "usa", ""},
      {"산호세", "city-san-jose", NodeType::Place, "US", "usa", ""},
      {"하노이", "city-hanoi", NodeType::Place, "VN", "vietnam", ""},
      {"황해", "sea-yellow-sea", NodeType::Place, "", "", ""},
      {"동태평양", "sea-east-pacific", NodeType::Place, "", "", ""},
      {"실리콘밸리", "region-silicon-valley", NodeType::Place, "", "usa", ""},
      // issue 17, fourth batch: one-character counties whose Korean name is no Korean word
      // (scripts/gen_cn_counties.py), readings Unihan lacks, the conventional reading 요령
      {"슝현", "cn-xiong-baoding", NodeType::Place, "CN", "baoding", ""},
      {"雄縣", "cn-xiong-baoding", NodeType::Place, "CN", "baoding", ""},
      {"자오현", "cn-zhao-shijiazhuang", NodeType::Place, "CN", "shijiazhuang", ""},
      {"노산구", "cn-laoshan-qingdao", NodeType::Place, "CN", "qingdao", ""},
      {"요령성", "liaoning", NodeType::Place, "CN", "china", ""},
      {"심천시", "shenzhen", NodeType::Place, "CN", "guangdong", ""},
      // places below the county that the pilot FTZs' plans name an area after
      {"와이가오차오", "cn-waigaoqiao", NodeType::Place, "CN", "shanghai", ""},
      {"外高橋", "cn-waigaoqiao", NodeType::Place, "CN", "shanghai", ""},
      {"양산진", "cn-yangshan-town", NodeType::Place, "CN", "cn-shengsi-zhoushan", ""},
      {"洋山", "cn-yangshan-town", NodeType::Place, "CN", "cn-shengsi-zhoushan", ""},
      {"서커우", "cn-shekou", NodeType::Place, "CN", "shenzhen", ""},
  };
  for (const Row& r : rows) {
    std::string name = r.name;
    CAPTURE(name);
    auto hits = lex.lookup(r.name);
    REQUIRE(hits.size() == 1);
    const LexiconEntry& e = lex.entry(hits[0]);
    CHECK(e.id == r.id);
    CHECK((e.type == r.type));
    CHECK(e.country == r.country);
    CHECK(e.parent == r.parent);
    CHECK(e.years == r.years);
  }
  // A state's bare name that is another place's or a word stays with that place or nothing.
  CHECK(lex.entry(lex.lookup("조지아").at(0)).id == "country-ge");
  CHECK(lex.lookup("메인").empty());
  // Short forms that are everyday words are not names of the new universities.
  for (const char* word : {"남부대", "중부대", "동양대", "대신대"})
    CHECK_MESSAGE(lex.lookup(word).empty(), word);
  // One-character counties whose Korean name may be a word or a given name are left out
  // (涉县 서현, 冠县 관현, 吉县 지현), and none has its Sino-Korean form (邱县 구현, 雄县 웅현);
  // the conventional reading is never bare (요령 "knack").
  for (const char* word : {"서현", "관현", "지현", "구현", "웅현", "요령", "수령", "소령", "병동"})
    CHECK_MESSAGE(lex.lookup(word).empty(), word);
  // 양산 is Korea's city (and "mass production"): the town of 洋山 is no 양산.
  for (uint32_t e : lex.lookup("양산")) CHECK(lex.entry(e).id != "cn-yangshan-town");
}

TEST_CASE("the shipped lexicon: every name finds its entry, every shared key is reported") {
  LexiconBuilder b;
  b.setForms(sharedForms());
  b.addDirectory(KG_LEXICON_DIR);
  Lexicon lex = b.build();
  CHECK(lex.size() >= 8000);  // 8,248 with the second batch of issue 17 (7,014 before)
  NameFolder folder;
  std::map<std::string, std::vector<uint32_t>> byKey;
  size_t missing = 0, unmatched = 0;
  for (uint32_t i = 0; i < lex.size(); ++i) {
    const LexiconEntry& e = lex.entry(i);
    std::vector<std::string> names{e.canonical};
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
    for (const auto& n : names) {
      auto hits = lex.lookup(n);
      if (std::find(hits.begin(), hits.end(), i) == hits.end()) {
        ++missing;
        MESSAGE("lookup misses " << e.id << ": " << n);
      }
      // The automaton matches the name as a whole (lookup-only names excepted).
      if (std::find(e.lookupOnly.begin(), e.lookupOnly.end(), n) == e.lookupOnly.end() &&
          !has(wholeMatches(lex, nfkc(n)), e.id)) {
        ++unmatched;
        MESSAGE("no whole match for " << e.id << ": " << n);
      }
      auto& v = byKey[folder.key(n)];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    }
  }
  CHECK(missing == 0);
  CHECK(unmatched == 0);
  // A key naming entries of two types (or two ids) is listed as a clash.
  const auto& reported = lex.ambiguousKeys();
  size_t unreported = 0, clashes = 0;
  for (const auto& [key, entries] : byKey) {
    if (entries.size() < 2) continue;
    ++clashes;
    if (!std::binary_search(reported.begin(), reported.end(), key)) {
      ++unreported;
      MESSAGE("clash not reported: " << key);
    }
  }
  CHECK(clashes > 0);
  CHECK(unreported == 0);
  // The short forms of the county-level divisions that are everyday words are not names.
  for (const char* word : {"해당", "대상", "정도", "공동", "통해", "이미", "위안"})
    CHECK_MESSAGE(lex.lookup(word).empty(), word);
  // ... while their full names are, in every script.
  for (const char* name : {"줘니현", "卓尼县", "卓尼縣", "탁니현"})
    CHECK_MESSAGE(ids(lex, name) == std::vector<std::string>{"cn-zhuoni-gannan"}, name);
}
