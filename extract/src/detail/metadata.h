// A document's own metadata: its headline and its date.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/text.h"

namespace kg::detail {

// The date written at `text[i]`, as YYYY-MM-DD, in any of the genre's forms:
// "2024-03-29", "2024.03.29", "2024/3/29", "2024. 3. 29.", "2024년 3월 29일",
// "'24.3.29" (’ or ‘ too; 20YY). "" when none starts there, when it is part
// of a longer number or of a URL ("…/2024/3/18/…"), or when it is no real
// calendar day. *end (if given) is the byte after it.
std::string dateAt(std::string_view text, size_t i, size_t* end = nullptr);

// The document's own date: the first line that labels a date as the
// document's (발행일, 발 행 일, 기사입력, 입력, 등록일, 작성일, 게재일, 보도일,
// 발간일, 날짜, 일자, Date: "| 발 행 일 | 2024. 3. 29.", "기사입력 2014-12-19"),
// else the first date of the text outside URLs. YYYY-MM-DD or "".
std::string documentDate(std::string_view text);

// The headline: the first line of content after the page chrome (segment()
// has dropped menus, share bars and bylines), skipping lines of fewer than
// three words or six letters (section banners and mastheads such as
// "이슈 & 트렌드", "요약", "디지털산업신문"), menus and breadcrumbs (two or more
// '|' or '>', or items apart by runs of spaces: "홈 > IT·과학 > 모바일"), labelled fields ("담  당:
// …"), date lines ("CSF 2015-07-16") and a site's blurb in the polite style
// ("…제공합니다."). "" when there is none. `text` is the normalised text the sentences index.
// At most kMaxTitleBytes bytes, cut at a character boundary (a one-line document of
// megabytes does not put its whole line into every export: issue 21, kind 11).
constexpr size_t kMaxTitleBytes = 300;
std::string documentTitle(std::string_view text, const std::vector<Sentence>& sentences);

}  // namespace kg::detail
