// `kg extract FILE`: one document's extraction as JSON on standard output.
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <iostream>

#include <fmt/core.h>

#include "commands.h"
#include "kg/error.h"
#include "kg/extractor.h"
#include "kg/lexicon.h"

namespace kg::cli {

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;
void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void span(Writer& w, const char* name, Span s) {
  w.Key(name);
  w.StartArray();
  w.Uint(s.begin);
  w.Uint(s.end);
  w.EndArray();
}

}  // namespace

int runExtract(const ExtractArgs& args) {
  Lexicon lexicon;
  if (int rc = loadLexicon(args.lexiconDir, lexicon)) return rc;
  ExtractOptions options;
  options.rulesDir = args.rulesDir;
  auto exPtr = makeExtractor(lexicon, options);
  if (!exPtr) return kLexicon;
  const Extractor& ex = *exPtr;
  DocumentResult d;
  try {
    d = ex.extractFile(args.file);
  } catch (const Error& e) {
    fmt::print(stderr, "kg: {}\n", e.what());
    return kPartial;
  }
  rapidjson::OStreamWrapper osw(std::cout);
  Writer w(osw);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("document");
  str(w, d.path);
  w.Key("encoding");
  str(w, d.encoding);
  w.Key("title");
  str(w, d.title);
  w.Key("date");
  str(w, d.date);
  w.Key("bytes");
  w.Uint64(d.bytes);
  w.Key("warnings");
  w.StartArray();
  for (const auto& warning : d.warnings) str(w, warning);
  w.EndArray();
  w.Key("entities");
  w.StartArray();
  for (size_t i = 0; i < d.entities.size(); ++i) {
    const Entity& e = d.entities[i];
    w.StartObject();
    w.Key("index");
    w.Uint(static_cast<unsigned>(i));
    w.Key("type");
    str(w, toString(e.type));
    w.Key("name");
    str(w, e.name);
    w.Key("aliases");
    w.StartArray();
    for (const auto& a : e.aliases) str(w, a);
    w.EndArray();
    if (!e.lexiconId.empty()) {
      w.Key("lexiconId");
      str(w, e.lexiconId);
    }
    w.Key("mentions");
    w.Uint(e.mentions);
    w.EndObject();
  }
  w.EndArray();
  if (!args.relationsOnly) {
    w.Key("mentions");
    w.StartArray();
    for (const auto& m : d.mentions) {
      w.StartObject();
      w.Key("entity");
      w.Uint(m.entity);
      w.Key("surface");
      str(w, d.surface(m));
      w.Key("rule");
      str(w, d.rule(m));
      w.Key("sentence");
      w.Uint(d.sentenceOf(m));
      span(w, "span", m.span);
      span(w, "originalSpan", d.text.original(m.span));
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("relations");
  w.StartArray();
  for (const auto& r : d.relations) {
    w.StartObject();
    w.Key("type");
    str(w, toString(r.type));
    w.Key("source");
    str(w, d.entities[r.source].name);
    w.Key("target");
    str(w, d.entities[r.target].name);
    w.Key("rule");
    str(w, r.rule);
    w.Key("sentence");
    w.Uint(r.sentence);
    span(w, "span", d.sentences[r.sentence].span);
    span(w, "originalSpan", d.text.original(d.sentences[r.sentence].span));
    w.Key("evidence");
    str(w, d.sentenceText(r.sentence));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::cout << "\n";
  return kOk;
}

}  // namespace kg::cli
