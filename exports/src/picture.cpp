#include "kg/picture.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "detail/util.h"
#include "kg/error.h"
#include "kg/exports.h"

extern char** environ;

namespace kg {

namespace {

// A DOT string literal: quotes and backslashes escaped, line ends as \n.
std::string dotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Black or white text, whichever reads better on the type's fill colour.
const char* textColor(NodeType t) {
  detail::Rgb c = detail::colorOf(t);
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 150 ? "#ffffff" : "#000000";
}

}  // namespace

void writeDot(const Graph& g, const std::vector<uint32_t>& nodes, const std::vector<uint32_t>& edges,
              const PictureOptions& o, std::ostream& out) {
  auto has = [](const std::vector<uint32_t>& v, uint32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  out << "digraph kg {\n";
  out << "  graph [rankdir=LR, fontname=" << dotQuote(o.font) << ", labelloc=t, label=" << dotQuote(o.title)
      << "];\n";
  out << "  node [shape=box, style=\"rounded,filled\", fontname=" << dotQuote(o.font) << ", fontsize=11];\n";
  out << "  edge [fontname=" << dotQuote(o.font) << ", fontsize=9, color=\"#555555\"];\n";
  for (uint32_t n : nodes) {
    const Node& node = g.nodes[n];
    out << "  n" << n << " [label=" << dotQuote(node.name + "\n" + std::string(toString(node.type)))
        << ", fillcolor=\"" << detail::hexColor(node.type) << "\", fontcolor=\"" << textColor(node.type)
        << "\", tooltip=" << dotQuote(node.id)
        << (has(o.emphasise, n) ? ", peripheries=2, penwidth=1.5" : "") << "];\n";
  }
  for (uint32_t e : edges) {
    const Edge& ed = g.edges[e];
    std::string label(toString(ed.type));
    if (ed.weight() > 1) label += " ×" + std::to_string(ed.weight());
    out << "  n" << ed.source << " -> n" << ed.target << " [label=" << dotQuote(label);
    if (isSymmetric(ed.type)) out << ", dir=none";
    if (has(o.highlight, e)) out << ", penwidth=2.5, color=\"#000000\"";
    if (!ed.evidence.empty()) out << ", tooltip=" << dotQuote(g.text(ed.evidence.front()));
    out << "];\n";
  }
  out << "}\n";
}

void renderSvg(const std::string& dot, const std::string& svgPath) {
  namespace fs = std::filesystem;
  std::string dotFile = svgPath + ".dot.tmp." + std::to_string(::getpid());
  std::string svgTmp = svgPath + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(dotFile, std::ios::binary);
    if (!f) throw IoError(svgPath + ": cannot create " + dotFile + ": " + std::strerror(errno));
    f << dot;
    if (!f.flush()) throw IoError(svgPath + ": cannot write " + dotFile);
  }
  std::string errFile = svgPath + ".err.tmp." + std::to_string(::getpid());
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> args{"dot", "-Tsvg", "-o", svgTmp, dotFile};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "dot", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  std::error_code ec;
  auto cleanup = [&] {
    fs::remove(dotFile, ec);
    fs::remove(errFile, ec);
    fs::remove(svgTmp, ec);
  };
  if (rc != 0) {
    cleanup();
    throw IoError(svgPath + ": cannot run Graphviz's dot (" + std::strerror(rc) +
                  "); install the graphviz package (scripts/setup.sh does)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream err(errFile);
    std::stringstream msg;
    msg << err.rdbuf();
    cleanup();
    throw IoError(svgPath + ": dot failed: " + msg.str());
  }
  fs::rename(svgTmp, svgPath, ec);
  if (ec) {
    cleanup();
    throw IoError(svgPath + ": cannot rename " + svgTmp + ": " + ec.message());
  }
  fs::remove(dotFile, ec);
  fs::remove(errFile, ec);
}

}  // namespace kg
