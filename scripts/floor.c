/* The floor for the benchmark: libyaml's bare event parser over every file named on the
 * command line (folders are walked for *.yaml / *.yml), one core, nothing else done. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static long events, bytes_total;

static void parse_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) { perror(path); exit(2); }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  unsigned char *buffer = malloc(size > 0 ? size : 1);
  if (size > 0 && fread(buffer, 1, size, file) != (size_t)size) { perror(path); exit(2); }
  fclose(file);
  bytes_total += size;
  yaml_parser_t parser;
  yaml_event_t event;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, buffer, size);
  for (;;) {
    if (!yaml_parser_parse(&parser, &event)) break;
    events++;
    int done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (done) break;
  }
  yaml_parser_delete(&parser);
  free(buffer);
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static void walk(const char *path) {
  struct stat info;
  if (stat(path, &info) != 0) { perror(path); exit(2); }
  if (!S_ISDIR(info.st_mode)) { parse_file(path); return; }
  struct dirent **names;
  int count = scandir(path, &names, NULL, by_name);
  for (int i = 0; i < count; i++) {
    const char *name = names[i]->d_name;
    if (name[0] != '.') {
      char child[4096];
      snprintf(child, sizeof child, "%s/%s", path, name);
      size_t length = strlen(name);
      if (stat(child, &info) == 0 && S_ISDIR(info.st_mode)) walk(child);
      else if ((length > 5 && !strcmp(name + length - 5, ".yaml")) || (length > 4 && !strcmp(name + length - 4, ".yml"))) parse_file(child);
    }
    free(names[i]);
  }
  free(names);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) walk(argv[i]);
  fprintf(stderr, "floor: %ld events in %ld bytes\n", events, bytes_total);
  return 0;
}
