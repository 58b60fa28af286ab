/* reboot(2) inside Zeptux: the magic numbers and commands it refuses, then, with an argument,
 * the one it carries out (poweroff, restart, halt). Never run this on a host: it powers it off. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* <linux/reboot.h>, which musl-gcc does not have */
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2 0xA1B2C3D4
#define LINUX_REBOOT_CMD_SW_SUSPEND 0xD000FCE2

static void call(const char *what, long magic1, long magic2, long cmd, void *arg)
{
    errno = 0;
    long r = syscall(SYS_reboot, magic1, magic2, cmd, arg);
    printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv)
{
    call("bad magic1", 0x12345678, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL);
    call("bad magic2", LINUX_REBOOT_MAGIC1, 1, LINUX_REBOOT_CMD_CAD_OFF, NULL);
    call("bad command", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x12345678, NULL);
    call("software suspend", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_SW_SUSPEND, NULL);
    call("CAD on, magic2", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_ON, NULL);
    call("CAD on, magic2a", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_CMD_CAD_ON, NULL);
    call("CAD on, magic2b", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2B, LINUX_REBOOT_CMD_CAD_ON, NULL);
    call("CAD off, magic2c", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C, LINUX_REBOOT_CMD_CAD_OFF, NULL);
    call("restart2 with a bad string", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART2, (void *) 1);
    if (argc < 2)
        return 0;
    long cmd = strcmp(argv[1], "poweroff") == 0 ? LINUX_REBOOT_CMD_POWER_OFF
             : strcmp(argv[1], "restart") == 0 ? LINUX_REBOOT_CMD_RESTART
             : strcmp(argv[1], "restart2") == 0 ? LINUX_REBOOT_CMD_RESTART2
             : LINUX_REBOOT_CMD_HALT;
    fflush(stdout);
    call(argv[1], LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, "again");
    return 1;
}
