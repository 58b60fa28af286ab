/* nop: the trivial static program whose start and exit exectime times (musl's start-up, then exit_group(0)). */
int main(void) {
    return 0;
}
