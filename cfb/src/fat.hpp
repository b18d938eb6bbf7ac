// The FAT (MS-CFB 2.3) and the DIFAT (2.5) that lists its sectors: the header's 109 entries,
// then the DIFAT sectors chained through their last entry.
#pragma once

#include "chain.hpp"

namespace msgforge::cfb::detail {

class ReadContext;
struct Header;
struct Sectors;

/// Reads the FAT sectors the DIFAT lists. Throws FormatError for a FAT sector count beyond
/// the file, a DIFAT chain that loops, ends early or leaves the file, and a FAT sector out of
/// range or listed twice; warns of a DIFAT sector count other than the chain's length and of
/// bytes past the sectors the FAT covers.
AllocationTable read_fat(const Header& header, const Sectors& sectors, ReadContext& context);

}  // namespace msgforge::cfb::detail
