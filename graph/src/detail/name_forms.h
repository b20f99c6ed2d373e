// Names as merge keys (issue 18): how GraphBuilder cleans a surface form and
// decides whether it may merge entities across documents. Internal to kg_graph;
// declared here for graph_test.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/types.h"

namespace kg {

// The form without a leading adverb, quantifier or demonstrative word
// ("그중 푸둥신구" -> "푸둥신구") and without quote marks that have no partner
// ("일대일로' 과학기술교류대회" -> "일대일로 과학기술교류대회"). May return "".
std::string cleanNameForm(std::string_view form);

// True when `form`, the name or an alias of an entity of `type` named `name`,
// is a short form that resolves only inside its own document: one character;
// for a person any Hangul alias (a surname, a title-stripped name) and a
// one-syllable name; otherwise one or two Hangul syllables, a Latin acronym of
// up to five letters, or a form contained in the name. The name itself (but a
// person's surname alone) is never short. Aliases the lexicon records for the
// entity's own entry are exempted by the caller.
bool shortNameForm(NodeType type, std::string_view name, std::string_view form);

// True when `gloss`, a Han-only alias of an entity of `type` (not a Person or
// Place) named `name` with `aliases`, can stand only for the first word of a
// name of several words ("와이가오차오(外高橋) 보세구": 外高橋 is 와이가오차오's, not
// the zone's): a Han character reads as one or two Hangul syllables, the first
// word fits the gloss's length and no all-Hangul form of the entity does.
bool hanGlossOfFirstWord(NodeType type, std::string_view name,
                         const std::vector<std::string>& aliases, std::string_view gloss);

// The name of the place a government's form names: the form without its
// government word ("상하이시 인민정부" -> "상하이시", "제주도청" -> "제주도",
// "上海市人民政府" -> "上海市"), or the form itself when it ends in a division
// word (시 도 성 구 군 현, 市 省 区 县); "" when it names no division ("상하이시
// 과학기술위원회", "특허청", "각 성 정부": fewer than three letters).
std::string governedPlaceName(std::string_view form);

}  // namespace kg
