# python3 bench/cpu-by-process.py SECONDS OUT.json – samples every process's CPU (utime+stime from /proc) once a second while a
# bench runs beside it, grouped as next start / worker / postgres / bench; OUT.json holds the per-window CPU-seconds.
import os, time, sys, json
HZ = os.sysconf('SC_CLK_TCK')
def cat(args):
    if 'next-server' in args or 'next start' in args or 'next/dist/bin/next' in args: return 'next start'
    if 'worker.ts' in args: return 'worker'
    if args.startswith('postgres') or '/postgres' in args.split(' ')[0]: return 'postgres'
    if 'scale-out' in args or 'bench/' in args: return 'bench (autocannon)'
    return 'other'
prev = {}
windows = []
end = time.time() + float(sys.argv[1])
while time.time() < end:
    cur = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            st = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
            args = open(f'/proc/{pid}/cmdline').read().replace('\0', ' ').strip()
            comm = open(f'/proc/{pid}/comm').read().strip()
        except Exception: continue
        cur[pid] = (int(st[11]) + int(st[12]), cat(args or comm) if comm != 'postgres' else 'postgres')
    w = {}
    for pid, (t, c) in cur.items():
        if pid in prev: w[c] = w.get(c, 0) + (t - prev[pid][0]) / HZ
    prev = cur
    windows.append((time.time(), w))
    time.sleep(1)
json.dump(windows, open(sys.argv[2], 'w'))
