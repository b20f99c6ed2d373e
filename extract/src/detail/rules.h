// Rule tables of the extractor: head nouns, titles, verbs. Data, not logic;
// each table is documented where it is used in the stage files (extract/src/candidates_*.cpp,
// choose.cpp, legacy_relations.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/byte_trie.h"
#include "kg/types.h"

namespace kg::detail {

// The head nouns of names ("…연구소", "…신구") are data: extract/rules/heads.tsv.

// Heads of titles of policies and programmes (quoted titles, or unquoted ones that name a place).
inline constexpr std::string_view kProgramHeads[] = {
    "실시방안", "행동계획", "실시의견", "약간의견", "추진방안", "방안", "계획", "의견", "지침", "정책",
    "전략", "규정", "사업", "프로젝트", "통지", "조례", "규획", "요강", "기금", "이니셔티브", "법",
    "결정", "로드맵", "강령", "조치", "보고", "개정안", "세칙", "판법", "관리방법",
    // named agreements (ANNOTATION.md: a Program)
    "양해각서", "업무협약", "협약", "협정", "합의서", "의향서", "협약서", "계약", "지침서", "행동강요", "강요",
    "가이드라인", "백서", "비전", "구상", "플랜", "패키지", "프로그램",
    // replies, arrangements and measures of the State Council and ministries
    "비복", "약정", "대책", "특별행동", "관리조치", "네거티브 리스트", "협력협정", "보장협정",
    // the Chinese 协议 (an agreement) as the genre writes it: "‘…전략적 협력 협의’를 체결"
    "협의서", "협의"};

// Heads of a designated set of places ("25곳의 과학기술서비스업 시범지역을 선정"):
// counted and designated, such a name is the designation programme, not a zone.
inline constexpr std::string_view kDesignationHeads[] = {"시범지역", "시범도시", "시범기지", "시범단지",
                                                         "시범구역", "시점지역", "혁신도시", "시범성"};
// Verbs that designate such a set.
inline constexpr std::string_view kDesignationVerbs[] = {"선정", "지정", "확정", "비준", "승인", "발표", "공포"};

// Places whose usual Korean spelling is also a common word (저장 "storage",
// 시안 "draft", 선전 "propaganda", 경기 "economy", 서구 "the West"; 중구 동구 남구
// 북구, districts of several cities): bare, they name the place only with a Hanja
// gloss, after the place they lie in ("서울 중구"), with a name after them ("경기
// 성남시"), or another place beside them in a list ("서울·경기·부산").
inline constexpr std::string_view kCommonWordPlaces[] = {"저장", "시안", "선전", "경기", "중구",
                                                         "동구", "서구", "남구", "북구"};

// Heads of event names in quotes.
inline constexpr std::string_view kEventHeads[] = {
    "정상회의", "장관회의", "회의", "대회", "박람회", "엑스포", "포럼", "좌담회", "행사", "워크숍",
    "워크샵", "세미나", "심포지엄", "전시회", "교류회", "설명회", "쇼케이스", "쇼 케이스", "서밋",
    "교역회", "전람회", "발표회", "상담회", "가동회", "계약식", "협약식", "체결식", "개막식", "출범식",
    "콘퍼런스", "컨퍼런스", "페어", "위크", "로드쇼", "경진대회", "공동위원회", "위원회 회의", "대화"};

// Titles that follow (or, for a few, precede) a person's name.
inline constexpr std::string_view kTitles[] = {
    "부부장", "부총리", "부주석", "부시장", "부성장", "부회장", "위원장", "이사장", "센터장", "대통령",
    "장관", "차관", "부장", "주석", "총리", "국장", "청장", "주임", "서기", "시장", "성장", "회장",
    "원장", "소장", "총장", "사장", "대표", "총재", "대사", "CEO"};

// kTitles as a byte trie, each title's value its index there: the titles a word starts with
// in one walk (forEachPrefix), instead of a startsWith per title (issue 22).
inline const ByteTrie<uint8_t>& titleTrie() {
  static const ByteTrie<uint8_t> trie = [] {
    std::vector<std::pair<std::string_view, uint8_t>> entries;
    for (size_t i = 0; i < std::size(kTitles); ++i)
      entries.emplace_back(kTitles[i], static_cast<uint8_t>(i));
    ByteTrie<uint8_t> t;
    t.build(entries, false);
    return t;
  }();
  return trie;
}

// Titles that make the person the head of the body named with them.
inline constexpr std::string_view kLeadingTitles[] = {
    "부부장", "부총리", "부시장", "부성장", "부회장", "위원장", "이사장", "센터장", "장관", "차관",
    "부장", "국장", "청장", "주임", "시장", "성장", "회장", "원장", "소장", "총장", "사장", "대표",
    "총재", "CEO"};

// First syllables of person names as Korean text writes them: Korean surnames
// and the Korean transcriptions of common Chinese surnames (王 왕, 李 리, 張 장,
// 劉 류/리우, 陳 천, 趙 자오, 周 저우, 徐 쉬, 孫 쑨, 馬 마, 胡 후, 郭 궈 ...).
inline constexpr std::string_view kSurnames[] = {
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안",
    "송", "류", "유", "홍", "전", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽",
    "성", "차", "주", "우", "구", "민", "진", "나", "지", "엄", "채", "원", "천", "방", "공", "현", "함",
    "변", "염", "여", "추", "도", "소", "석", "선", "설", "마", "길", "연", "위", "표", "명", "기", "반",
    "왕", "금", "옥", "육", "인", "맹", "제", "모", "탁", "국", "어", "편", "용", "예", "경", "봉", "태",
    "목", "형", "피", "두", "감", "시", "리", "자", "저", "쉬", "쑨", "후", "궈", "가", "린", "뤄", "량",
    "셰", "쑹", "탕", "펑", "덩", "차", "위", "루", "쑤", "판", "딩", "웨", "런", "야", "쩡", "완", "레",
    "샤", "샹", "친", "톈", "텐", "판", "장", "쿵", "탄", "샤오", "멍", "웨이", "첸", "취", "차오", "둥",
    "팡", "바이", "녜", "먀오", "쭝", "쩌우", "타오", "랴오", "라이", "샤", "거", "허", "뤼", "판", "펑",
    "궁", "자오", "저우", "가오", "옌", "쉐", "뉴"};

// Verbs (stems) of issuing a programme.
inline constexpr std::string_view kIssueVerbs[] = {
    "발표", "수립", "마련", "공표", "제시", "발행", "발간", "공개", "제정", "내세", "인쇄", "발부",
    "하달", "출범", "채택", "시행", "선정", "제안", "출시"};

// Words of cooperation.
inline constexpr std::string_view kCoopWords[] = {
    "제휴", "협력", "MOU", "양해각서", "협약", "동반자", "파트너십", "합작", "손잡", "맞손", "공동"};

// Verbs of holding or attending an event, or of enrolling in a programme.
inline constexpr std::string_view kParticipateVerbs[] = {
    "개최", "참석", "참가", "참여", "주재", "주최", "출席", "열린", "열리", "열려", "체결", "서명",
    "추진한", "통해"};

// Verbs of a programme acting on places (building, supporting, opening, designating).
inline constexpr std::string_view kPolicyVerbs[] = {
    "건설", "구축", "지원", "육성", "조성", "모색", "개방", "수립", "추진", "설립", "가속", "지정", "선정",
    "포함", "확정", "승인"};

// Words that make a following Org a unit founded by the preceding one.
inline constexpr std::string_view kFoundVerbs[] = {"설립", "개소", "신설", "출범", "개원"};



}  // namespace kg::detail
