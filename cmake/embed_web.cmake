# Writes the web UI's files (web/) into a C++ source file, so that
# `trustgate serve` carries its UI in the binary (src/trustgate/server/
# web_files.h declares the table). Run by CMakeLists.txt at build time:
#   cmake -DWEB_DIR=<web> -DOUTPUT=<file.cc> -P embed_web.cmake
# Every file under WEB_DIR is embedded byte for byte, keyed by its path
# relative to WEB_DIR with "/" separators, in sorted order. Each array gets
# one extra NUL byte so that no array is empty; `size` excludes it.
file(GLOB_RECURSE files RELATIVE "${WEB_DIR}" "${WEB_DIR}/*")
list(SORT files)
set(arrays "")
set(entries "")
set(i 0)
foreach(rel IN LISTS files)
  if(rel MATCHES "(^|/)\\.|~$|README\\.md$")
    continue()
  endif()
  file(READ "${WEB_DIR}/${rel}" hex HEX)
  string(LENGTH "${hex}" digits)
  math(EXPR size "${digits} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char file${i}[] = {${bytes}0x00};\n")
  string(APPEND entries "    {\"${rel}\", file${i}, ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
set(content "// Generated from web/ by cmake/embed_web.cmake: do not edit.
#include \"trustgate/server/web_files.h\"

namespace trustgate::server {

namespace {
${arrays}}  // namespace

const WebFile kWebFiles[] = {
${entries}};
const size_t kWebFileCount = ${i};

}  // namespace trustgate::server
")
# Rewrite only on change, so that an unchanged UI does not recompile.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
