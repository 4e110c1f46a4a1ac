// Only CHTMLText's C files import this module; Swift code never does (ICU clash, see DESIGN.md).
#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>
