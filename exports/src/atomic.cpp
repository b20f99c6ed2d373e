#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "kg/error.h"
#include "kg/exports.h"

namespace kg {

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path + ": cannot create " + tmp + ": " + std::strerror(errno));
    try {
      write(out);
      out.flush();
    } catch (...) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw;
    }
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw IoError(path + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw IoError(path + ": cannot rename " + tmp + ": " + ec.message());
  }
}

std::vector<std::string> writeExports(const Graph& g, const std::string& dir, const std::vector<Format>& formats) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw IoError(dir + ": cannot create output directory" + (ec ? ": " + ec.message() : ""));
  std::vector<std::string> written;
  auto put = [&](const std::string& name, void (*fn)(const Graph&, std::ostream&)) {
    std::string path = (fs::path(dir) / name).string();
    writeFileAtomic(path, [&](std::ostream& out) { fn(g, out); });
    written.push_back(path);
  };
  for (Format f : formats) {
    switch (f) {
      case Format::GraphML: put("graph.graphml", writeGraphML); break;
      case Format::JsonLd: put("graph.jsonld", writeJsonLd); break;
      case Format::Gexf: put("graph.gexf", writeGexf); break;
      case Format::Csv:
        put("nodes.csv", writeNodesCsv);
        put("edges.csv", writeEdgesCsv);
        break;
    }
  }
  return written;
}

}  // namespace kg
