#ifndef CSPAWN_H
#define CSPAWN_H

#include <spawn.h>

/// glibc (2.34+) declares this only under _GNU_SOURCE, which Swift's Glibc module is built
/// without: a spawn file action that closes every descriptor from `from` upwards in the child.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

#endif
