#include "detail/aliases.h"

#include <initializer_list>

namespace kg::detail {

namespace {

bool endsWith(std::string_view s, std::string_view x) {
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
bool startsWith(std::string_view s, std::string_view x) { return s.compare(0, x.size(), x) == 0; }

// Posts of a province's or a city's government: "톈진시 부시장" heads the government.
constexpr std::string_view kGovernmentPosts[] = {"시장", "부시장", "성장", "부성장", "도지사", "지사", "부지사",
                                                 "당서기", "서기", "행정부지사", "정무부시장"};
// Words that make "X시는 …" a description of the place: "선전시는 … 위치한 도시로".
constexpr std::string_view kPlaceWords[] = {"위치", "인구", "도시", "면적", "지역", "소재", "기후", "출신"};
// What a government does as the subject of its sentence: "베이징시는 … 발표했다",
// "인천시가 추진해 온", "경기도는 광둥성과 협약을 맺었다". A province that only ranks
// or grows ("안후이성은 … 1위이며") is the place.
constexpr std::string_view kGovernmentActs[] = {"발표", "공포", "발행", "제정", "체결", "협약", "개최", "주최",
                                                "파견", "승인", "밝혔", "서명", "추진해", "추진하", "인가", "비준",
                                                "출범", "하달", "시행", "선포"};

// Whether `after`, what follows a post, is one of `josa` closing the word ("부시장은").
bool closedByJosa(std::string_view after, std::initializer_list<std::string_view> josa) {
  for (std::string_view p : josa)
    if (startsWith(after, p) && (after.size() == p.size() || after[p.size()] == ' ')) return true;
  return false;
}

}  // namespace

bool governmentActs(std::string_view s, size_t b, size_t e, std::string_view tail) {
  if (e <= b || e > s.size()) return false;
  std::string_view name = s.substr(b, e - b);
  // A post of its government written onto the name: "경기도지사는", "충북도지사가",
  // "광둥성장" (not 시장, which is also the market: "중국시장").
  if (tail.empty() && e < s.size() && s[e] != ' ' && name.size() >= 6) {
    std::string_view next = s.substr(e);
    for (std::string_view post : kGovernmentPosts) {
      if (post == "시장" || post == "서기" || !startsWith(next, post)) continue;
      std::string_view after = next.substr(post.size());
      if (after.empty() || after[0] == ' ' || after[0] == ',' || after[0] == '.') return true;
      if (closedByJosa(after, {"은", "는", "이", "가", "과", "와", "의", "을", "를", "도"})) return true;
    }
  }
  if (!(endsWith(name, "시") || endsWith(name, "성") || endsWith(name, "도")) || name.size() < 6) return false;
  // A post of its government right after it.
  if (tail.empty() && e < s.size() && s[e] == ' ') {
    std::string_view next = s.substr(e + 1);
    for (std::string_view post : kGovernmentPosts) {
      if (!startsWith(next, post)) continue;
      std::string_view after = next.substr(post.size());
      bool wordEnds = after.empty() || after[0] == ' ' || after[0] == ',';
      bool particle = closedByJosa(after, {"은", "는", "이", "가", "과", "와", "의", "을", "를"});  // "부시장은", "성장과"
      if (!wordEnds && !(particle && post != "시장" && post != "서기" && post != "지사")) continue;  // "서기관"
      if (post == "시장")  // the market: "상하이시 시장 진출"
        for (std::string_view w : {" 진출", " 개방", " 규모", " 점유", " 공략", " 확대", " 동향"})
          if (startsWith(after, w)) return false;
      return true;
    }
    return false;
  }
  // The subject of the sentence: 는/은/가/이 (not 에, 에서, 의 ...).
  if (tail != "는" && tail != "은" && tail != "가" && tail != "이") return false;
  std::string_view rest = s.substr(e);
  size_t stop = rest.find_first_of(".\n");
  if (stop != std::string_view::npos) rest = rest.substr(0, stop);
  for (std::string_view w : kPlaceWords)
    if (rest.find(w) != std::string_view::npos) return false;
  for (std::string_view w : kGovernmentActs)
    if (rest.find(w) != std::string_view::npos) return true;
  return false;
}

bool governmentSuffixed(std::string_view surface) {
  if (!(endsWith(surface, "시") || endsWith(surface, "성") || endsWith(surface, "도"))) return false;
  if (surface.size() < 9 || surface.size() % 3) return false;  // three syllables or more
  for (size_t i = 0; i < surface.size(); i += 3) {  // Hangul syllables only (U+AC00..U+D7A3)
    auto u = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(surface[i + k])); };
    unsigned cp = (u(0) & 0x0F) << 12 | (u(1) & 0x3F) << 6 | (u(2) & 0x3F);
    if ((u(0) & 0xF0) != 0xE0 || cp < 0xAC00 || cp > 0xD7A3) return false;
  }
  return true;
}

std::vector<std::string> governmentNames(std::string_view surface) {
  std::string s(surface);
  return {s + " 인민정부", s + "인민정부", s + "정부", s + " 정부"};
}

}  // namespace kg::detail
