// The web UI (design, "The web UI"): its pages and assets, served from the
// files compiled into the binary (web_files.h, cmake/embed_web.cmake).
//
//   GET /                          web/index.html
//   GET /{page}                    web/<page>.html, for a name of [a-z0-9-]
//   GET /assets/<bundle>/<path>    web/assets/<path>
//
// <bundle> is the first 16 hex digits of the SHA-256 of every asset's path
// and bytes: pages name their assets as "/assets/{{bundle}}/...", replaced
// here, so that any change to any asset changes every asset's URL. Assets
// are then cached for a year as immutable; pages are "no-cache" with an
// ETag of their bytes (a revalidation answers 304).
//
// Every response carries a Content-Security-Policy that lets a page load
// scripts, styles, images and fonts only from this origin and fetch only
// from it; no inline script or style, no plug-ins, no framing, no base URL,
// forms only to this origin (the HTTP server adds X-Content-Type-Options:
// nosniff to every response).
//
// Paths are looked up as exact keys of the compiled-in table: nothing is
// ever resolved against a folder, so no path can leave the UI's files. A
// segment that is empty, "." or "..", or that holds a backslash or a NUL,
// is refused before the lookup all the same.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>

#include "base/digest.h"
#include "service_impl.h"
#include "trustgate/server/web_files.h"

namespace trustgate::server {

namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";
constexpr std::string_view kBundleToken = "{{bundle}}";

struct ServedFile {
  std::string content_type;
  std::string body;
  std::string etag;  // pages only: "\"<16 hex digits of the body's SHA-256>\""
};

struct WebUi {
  std::string bundle;
  std::map<std::string, ServedFile, std::less<>> pages;   // by page name
  std::map<std::string, ServedFile, std::less<>> assets;  // by path under assets/
};

std::string_view extension(std::string_view path) {
  size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
}

std::string content_type_of(std::string_view path) {
  static const std::map<std::string_view, std::string_view> types = {
      {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
  };
  auto it = types.find(extension(path));
  return std::string(it == types.end() ? "application/octet-stream" : it->second);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Built once, on first use, from the compiled-in files.
const WebUi& web_ui() {
  static const WebUi ui = [] {
    WebUi u;
    std::string digest_input;
    for (size_t i = 0; i < kWebFileCount; ++i) {
      const WebFile& f = kWebFiles[i];
      std::string_view path(f.path);
      if (path.starts_with("assets/")) {
        digest_input += path;
        digest_input += '\0';
        digest_input +=
            base::sha256_hex(std::string_view(reinterpret_cast<const char*>(f.data), f.size));
      }
    }
    u.bundle = base::sha256_hex(digest_input).substr(0, 16);
    for (size_t i = 0; i < kWebFileCount; ++i) {
      const WebFile& f = kWebFiles[i];
      std::string_view path(f.path);
      std::string body(reinterpret_cast<const char*>(f.data), f.size);
      if (path.starts_with("assets/")) {
        u.assets.emplace(std::string(path.substr(7)),
                         ServedFile{content_type_of(path), std::move(body), ""});
      } else if (extension(path) == "html" && path.find('/') == std::string_view::npos) {
        body = replace_all(std::move(body), kBundleToken, u.bundle);
        std::string etag = "\"" + base::sha256_hex(body).substr(0, 16) + "\"";
        u.pages.emplace(std::string(path.substr(0, path.size() - 5)),
                        ServedFile{content_type_of(path), std::move(body), std::move(etag)});
      }
    }
    return u;
  }();
  return ui;
}

bool safe_segment(std::string_view s) {
  return !s.empty() && s != "." && s != ".." && s.find('\\') == std::string_view::npos &&
         s.find('\0') == std::string_view::npos;
}

bool page_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void security_headers(HttpResponse& r) {
  r.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

HttpResponse page_response(const Call& call, std::string_view name) {
  const WebUi& ui = web_ui();
  auto it = ui.pages.find(name);
  int status = 200;
  if (it == ui.pages.end()) {
    it = ui.pages.find("404");
    if (it == ui.pages.end()) return problem(404, "", "no such page: " + std::string(name));
    status = 404;
  }
  const ServedFile& f = it->second;
  HttpResponse r;
  r.status = status;
  r.content_type = f.content_type;
  r.headers.emplace_back("Cache-Control", "no-cache");
  security_headers(r);
  if (status == 200) {
    r.headers.emplace_back("ETag", f.etag);
    if (call.request.header("if-none-match") == f.etag) {
      r.status = 304;
      return r;
    }
  }
  r.body = f.body;
  return r;
}

}  // namespace

HttpResponse ServiceImpl::web_home(Call& call) { return page_response(call, "index"); }

HttpResponse ServiceImpl::web_page(Call& call) {
  std::string_view name = call.param("page");
  // "index" has its own address, "/"; "404" is only an answer.
  if (!page_name(name) || name == "index" || name == "404") name = "-";
  return page_response(call, name);
}

HttpResponse ServiceImpl::web_asset(Call& call) {
  const WebUi& ui = web_ui();
  std::string_view rest = call.param("path");
  size_t slash = rest.find('/');
  std::string_view bundle = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  bool safe = !path.empty();
  for (size_t pos = 0; safe && pos <= path.size();) {
    size_t next = std::min(path.find('/', pos), path.size());
    safe = safe_segment(path.substr(pos, next - pos));
    pos = next + 1;
  }
  auto it = safe && bundle == ui.bundle ? ui.assets.find(path) : ui.assets.end();
  if (it == ui.assets.end()) {
    HttpResponse r = problem(404, "", "no such asset in this version of the UI");
    security_headers(r);
    return r;
  }
  HttpResponse r;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  security_headers(r);
  return r;
}

}  // namespace trustgate::server
