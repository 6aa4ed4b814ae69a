#!/usr/bin/env python3
"""Compile-time resource check of every kernel in libjace.so, and its theoretical occupancy.

Reads ptxas's --resource-usage reports (the .res files the library build writes next to each object) and the
<<<grid, block, shmem, stream>>> launches in the sources, then fails when a kernel spills registers, has a
local-memory stack frame, or has a launch that sm_80 / sm_90 would refuse (block size, more threads than the
kernel's __launch_bounds__, shared memory, or registers x block size). --table ARCH prints a Markdown table instead
of the one-line summary.

  kernel_resources.py [--table sm_90] --sources DIR... --res FILE...

Occupancy follows cudaOccMaxActiveBlocksPerMultiprocessor in the toolkit's include/cuda_occupancy.h (the CUDA
Occupancy Calculator's code): resident blocks per SM = min over the warp-slot, block-slot, register, shared-memory
and (sm_90) barrier limits; occupancy = resident warps / maximum warps per SM.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

KB = 1024
# Per-SM limits of compute capability 8.0 (A100) and 9.0 (H100/H200): CUDA C++ Programming Guide, "Technical
# Specifications per Compute Capability"; Hopper Tuning Guide 1.4.1.1 "Occupancy"; allocation granularities and
# sub-partitions as in cuda_occupancy.h.
ARCHS = {
    'sm_80': dict(warps=64, blocks=32, regs=64 * KB, smem=164 * KB, smem_optin=163 * KB),
    'sm_90': dict(warps=64, blocks=32, regs=64 * KB, smem=228 * KB, smem_optin=227 * KB),
}
ARCHS['sm_90a'] = ARCHS['sm_90']  # the arch-specific target (wgmma) of the same devices
MAX_THREADS_PER_BLOCK = 1024
REGS_PER_BLOCK = 64 * KB
REG_UNIT = 256           # registers are allocated per warp in units of 256
SUB_PARTITIONS = 4       # ... and per SM sub-partition
SMEM_DEFAULT = 48 * KB   # per block without cudaFuncAttributeMaxDynamicSharedMemorySize
SMEM_RESERVED = 1 * KB   # per block, used by the system
SMEM_UNIT = 128

# Kernels allowed to spill or to have a stack frame: {unqualified kernel name: why it is intrinsic}.
ALLOWED = {}

# What to do about each kind of problem, printed once under its list.
FIXES = {
    'spill': 'Find what caps its registers (-maxrregcount, the min-blocks argument of __launch_bounds__) or cut the '
             'register pressure (unroll less, keep fewer values live).',
    'stack': 'A local array, or a by-value parameter array, indexed at run time lives in local memory: index it '
             'with constants (an unrolled loop) or use shared memory.',
    'callee': 'Inline the function (__forceinline__) or cut its register pressure.',
    'launch': 'Use an integer literal or a #define / constexpr int constant, so that this check can verify the '
              'launch; a launch of a kernel that is not in libjace.so does not belong in src/.',
    'unlaunched': 'Launch it with <<<...>>> in src/*.cu, so that its block size can be checked.',
    'smem': 'Above 48 KB per block a kernel needs dynamic shared memory and cudaFuncSetAttribute(kernel, '
            'cudaFuncAttributeMaxDynamicSharedMemorySize, bytes) (at most 163 KB on sm_80, 227 KB on sm_90); '
            'otherwise use smaller tiles.',
    'bounds': 'A block larger than its kernel\'s __launch_bounds__ does not launch on a GPU (ptxas fitted the '
              'registers to the bound; the CPU emulator ignores it): launch at most that many threads, or raise '
              'the bound.',
    'fit': 'Launch at most 1024 threads per block, and declare __launch_bounds__(threads) so that ptxas fits the '
           'registers to the block size.',
}
ALLOW_HINT = ('If a spill or stack frame is intrinsic, add the kernel to ALLOWED in native/test/kernel_resources.py '
              'with the reason.')


def round_up(x, unit):
    return -(-x // unit) * unit


def parse_res(path):
    """ptxas report -> list of dicts (one per entry function and arch) and spills of non-entry functions."""
    kernels, callee_spills = [], []
    entry, func = None, None
    for line in open(path):
        m = re.search(r"Compiling entry function '([^']+)' for '(sm_\d+a?)'", line)
        if m:
            entry = dict(mangled=m.group(1), arch=m.group(2), res=path, regs=0, barriers=0, smem=0,
                         stack=0, spill_st=0, spill_ld=0)
            continue
        m = re.search(r'Function properties for (\S+)', line)
        if m:
            func = m.group(1)
            continue
        m = re.search(r'(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads', line)
        if m:
            stack, st, ld = map(int, m.groups())
            if entry and func == entry['mangled']:
                entry.update(stack=stack, spill_st=st, spill_ld=ld)
            elif st or ld:
                callee_spills.append((func, entry['arch'] if entry else '?', st, ld))
            continue
        m = re.search(r'Used (\d+) registers, used (\d+) barriers', line)
        if m and entry:
            entry['regs'], entry['barriers'] = int(m.group(1)), int(m.group(2))
            m = re.search(r'(\d+) bytes smem', line)
            entry['smem'] = int(m.group(1)) if m else 0
            m = re.search(r'(\d+) bytes cumulative stack size', line)
            if m:
                entry['stack'] = max(entry['stack'], int(m.group(1)))
            kernels.append(entry)
            entry = None
    return kernels, callee_spills


def demangle(names):
    out = subprocess.run(['c++filt', '-p'], input='\n'.join(names), capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def base_name(readable):
    return readable.split('<', 1)[0].split('::')[-1]


def strip_comments(text):
    keep_lines = lambda m: '\n' * m.group(0).count('\n')
    return re.sub(r'/\*.*?\*/|//[^\n]*', keep_lines, text, flags=re.S)


def split_args(text):
    args, depth, cur = [], 0, ''
    for ch in text:
        if ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
        if ch == ',' and depth == 0:
            args.append(cur.strip())
            cur = ''
        else:
            cur += ch
    return args + [cur.strip()]


def read_sources(dirs):
    texts = {}
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, '*.cu')) + glob.glob(os.path.join(d, '*.cuh'))
                           + glob.glob(os.path.join(d, '*.h'))):
            texts[path] = strip_comments(open(path).read())
    return texts


def integer_constants(texts):
    """#define NAME 123 and constexpr int NAME = 123; a name defined with two values is left out."""
    values = {}
    for text in texts.values():
        for m in re.finditer(r'^\s*#define\s+(\w+)\s+\(?(\d+)\)?\s*$|constexpr\s+(?:unsigned\s+)?(?:int|long)\s+'
                             r'(\w+)\s*=\s*(\d+)\s*;', text, flags=re.M):
            name, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            values.setdefault(name, set()).add(int(value))
    return {k: v.pop() for k, v in values.items() if len(v) == 1}


def evaluate(expr, constants):
    """A launch argument made of integers, known constants and + - * / ( ); None when it is anything else."""
    text = re.sub(r'\b[A-Za-z_]\w*\b', lambda m: str(constants.get(m.group(0), m.group(0))), expr)
    text = re.sub(r'(\d+)[uUlL]+\b', r'\1', text)
    if not re.fullmatch(r'[\d\s+\-*/()]+', text):
        return None
    return eval(text.replace('/', '//'), {'__builtins__': {}})


def location(path, text, offset):
    """path:line of a character offset into the file's text (comments stripped line for line)."""
    return f'{path}:{text.count(chr(10), 0, offset) + 1}'


def find_launches(texts, constants):
    """[(kernel name, file:line, block, dynamic smem or None for unknown, block text, smem text)]"""
    launches = []
    for path, text in texts.items():
        for m in re.finditer(r'([A-Za-z_]\w*)\s*(?:<[^;{}]*?>)?\s*<<<(.*?)>>>', text, flags=re.S):
            args = split_args(m.group(2))
            block_text = args[1] if len(args) > 1 else ''
            smem_text = args[2] if len(args) > 2 else '0'
            where = location(path, text, m.start())
            launches.append((m.group(1), where, evaluate(block_text, constants), evaluate(smem_text, constants),
                             block_text, smem_text))
    return launches


def launch_bounds(texts, constants):
    """{kernel name: (max threads per block, or None when it cannot be evaluated; the bound's text, file:line)}."""
    bounds = {}
    for path, text in texts.items():
        for m in re.finditer(r'__launch_bounds__\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*(?:__global__\s+)?(?:void\s+)?'
                             r'([A-Za-z_]\w*)\s*\(', text):
            first = split_args(m.group(1))[0]
            where = location(path, text, m.start())
            bounds[m.group(2)] = (evaluate(first, constants), first, where)
    return bounds


def opted_in(texts):
    """Kernels given cudaFuncAttributeMaxDynamicSharedMemorySize (allowed above 48 KB per block)."""
    names = set()
    for text in texts.values():
        for m in re.finditer(r'cudaFuncSetAttribute\s*\(([^;]*?)\s*,\s*cudaFuncAttributeMaxDynamicSharedMemorySize',
                             text):
            names.add(re.findall(r'\w+', m.group(1).split('<', 1)[0])[-1])
    return names


PER_INSTANCE = -1  # a launch's dynamic shared memory, read per kernel instance from --dynamic-smem


def read_instance_smem(path):
    """{kernel instance: dynamic shared memory bytes} from lines "<instance> <bytes>"."""
    sizes = {}
    for line in open(path):
        name, _, value = line.strip().rpartition(' ')
        if name:
            sizes[name] = int(value)
    return sizes


def occupancy(arch, k, block, dyn_smem):
    """(resident blocks per SM, occupancy, binding limits), as cudaOccMaxActiveBlocksPerMultiprocessor."""
    a = ARCHS[arch]
    warps = round_up(block, 32) // 32
    limits = {'warps': a['warps'] // warps if block <= MAX_THREADS_PER_BLOCK else 0, 'blocks': a['blocks']}
    regs_per_warp = round_up(k['regs'] * 32, REG_UNIT)
    if regs_per_warp * round_up(warps, SUB_PARTITIONS) > REGS_PER_BLOCK:
        limits['registers'] = 0
    elif regs_per_warp:
        limits['registers'] = a['regs'] // SUB_PARTITIONS // regs_per_warp * SUB_PARTITIONS // warps
    limits['shared memory'] = a['smem'] // round_up(k['smem'] + dyn_smem + SMEM_RESERVED, SMEM_UNIT)
    if arch.startswith('sm_90') and k['barriers']:
        limits['barriers'] = 2 * a['blocks'] // k['barriers']
    blocks = min(limits.values())
    return blocks, blocks * warps / a['warps'], [name for name, v in limits.items() if v == blocks]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--table', metavar='ARCH', choices=sorted(ARCHS))
    ap.add_argument('--sources', nargs='+', required=True,
                    help='folders whose *.cu, *.cuh and *.h hold the launches and their constants')
    ap.add_argument('--res', nargs='+', required=True, help='ptxas --resource-usage reports')
    ap.add_argument('--dynamic-smem', metavar='FILE',
                    help='lines "<kernel instance> <bytes>": the dynamic shared memory of instances whose launches '
                         'compute it from template parameters')
    opts = ap.parse_args()

    kernels, problems = [], {}
    problem = lambda kind, text: problems.setdefault(kind, []).append(text)
    for path in opts.res:
        found, callee_spills = parse_res(path)
        kernels += found
        for func, arch, st, ld in callee_spills:
            problem('callee', f'{func} ({arch}), called by a kernel, spills {st} bytes stores / {ld} bytes loads')
    if not kernels:
        sys.exit(f'kernel_resources: no kernels in {" ".join(opts.res)}: were they compiled with --resource-usage?')
    for k, readable in zip(kernels, demangle([k['mangled'] for k in kernels])):
        k['name'], k['base'] = readable, base_name(readable)

    texts = read_sources(opts.sources)
    instance_smem = read_instance_smem(opts.dynamic_smem) if opts.dynamic_smem else {}
    optin = opted_in(texts)
    constants = integer_constants(texts)
    bounds = launch_bounds(texts, constants)
    for name, (bound, text, where) in bounds.items():
        if bound is None:
            problem('launch', f'{where}: __launch_bounds__ of {name}: cannot evaluate "{text}"')
    by_base = {}
    for name, where, block, smem, block_text, smem_text in find_launches(texts, constants):
        instances = [k for k in kernels if k['base'] == name]
        if smem is None and instances and all(k['name'] in instance_smem for k in instances):
            smem = PER_INSTANCE
        if block is None or smem is None:
            what = f'block size "{block_text}"' if block is None else f'dynamic shared memory "{smem_text}"'
            problem('launch', f'{where}: launch of {name}: cannot evaluate its {what}')
        elif not instances:
            problem('launch', f'{where}: launch of {name} matches no compiled kernel')
        else:
            by_base.setdefault(name, set()).add((block, smem))

    rows, allowed = [], 0
    for k in sorted(kernels, key=lambda k: (k['res'], k['name'], k['arch'])):
        kernel = f'{k["name"]} ({k["arch"]})'
        if k['spill_st'] or k['spill_ld'] or k['stack']:
            kind, what = (('spill', f'spills {k["spill_st"]} bytes stores / {k["spill_ld"]} bytes loads')
                          if k['spill_st'] or k['spill_ld'] else
                          ('stack', f'has a {k["stack"]}-byte local-memory stack frame'))
            if k['base'] in ALLOWED:
                allowed += 1
                print(f'[jace-native] allowed: {kernel} {what}: {ALLOWED[k["base"]]}')
            else:
                problem(kind, f'{kernel} {what}')
        if k['base'] not in by_base:
            problem('unlaunched', f'{kernel}: no launch found in the sources')
            continue
        for block, dyn in sorted(by_base[k['base']]):
            dyn = instance_smem[k['name']] if dyn == PER_INSTANCE else dyn
            limit = ARCHS[k['arch']]['smem_optin'] if k['base'] in optin else SMEM_DEFAULT
            if k['smem'] + dyn > limit:
                problem('smem', f'{kernel}: {k["smem"]} bytes static + {dyn} bytes dynamic shared memory exceed '
                                f'the {limit} bytes a block may use')
            blocks, occ, binding = occupancy(k['arch'], k, block, dyn)
            bound = bounds.get(k['base'], (None,))[0]
            if bound is not None and block > bound:
                problem('bounds', f'{kernel}: a block of {block} threads, more than its __launch_bounds__({bound}) '
                                  f'at {bounds[k["base"]][2]}')
            if block > MAX_THREADS_PER_BLOCK:
                problem('fit', f'{kernel}: a block of {block} threads, more than {MAX_THREADS_PER_BLOCK}')
            elif blocks == 0:
                problem('fit', f'{kernel}: a block of {block} threads x {k["regs"]} registers does not fit the '
                               f'{REGS_PER_BLOCK} registers of a block')
            rows.append((k, block, dyn, blocks, occ, binding))

    if opts.table:
        print('| kernel | regs | spill st/ld (B) | stack (B) | static smem (B) | dyn smem (B) | block | blocks/SM '
              '| occupancy | binding limit |')
        print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
        for k, block, dyn, blocks, occ, binding in rows:
            if k['arch'] in (opts.table, opts.table + 'a'):
                print(f'| `{k["name"]}` | {k["regs"]} | {k["spill_st"]}/{k["spill_ld"]} | {k["stack"]} | '
                      f'{k["smem"]} | {dyn} | {block} | {blocks} | {occ:.0%} | {", ".join(binding)} |')
    if problems:
        print('[jace-native] kernel resource check FAILED:', file=sys.stderr)
        for kind, texts in problems.items():
            for text in texts:
                print('  ' + text, file=sys.stderr)
            print('    -> ' + FIXES[kind], file=sys.stderr)
        if 'spill' in problems or 'stack' in problems:
            print('    -> ' + ALLOW_HINT, file=sys.stderr)
        sys.exit(1)
    if not opts.table:
        archs = sorted({k['arch'] for k in kernels})
        low = min(rows, key=lambda r: (r[4], r[0]['arch'] != 'sm_90'))
        but = ' but the allowed ones' if allowed else ''
        print(f'[jace-native] kernel resources: {len({k["name"] for k in kernels})} kernels on {", ".join(archs)}: '
              f'no spills or stack frames{but}, every launch fits (lowest theoretical occupancy {low[4]:.0%}, '
              f'{low[0]["name"]} on {low[0]["arch"]}, bound by {", ".join(low[5])}; '
              f'make kernel-resources-table for all)')


if __name__ == '__main__':
    main()
