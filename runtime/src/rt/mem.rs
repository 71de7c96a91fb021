//! Memory for large arrays.
//!
//! A freshly allocated array of many megabytes is mapped lazily by the kernel: the first
//! write to each 4 KiB page faults, and the kernel zeroes the page. For a 128 MiB result
//! that is 32768 page faults per call — measured here as half of the time of a fused
//! elementwise loop. On Linux with transparent huge pages in `madvise` mode, advising
//! the range `MADV_HUGEPAGE` before the first write lets the kernel back it with 2 MiB
//! pages instead (512× fewer faults). NumPy does the same for its large allocations.
//!
//! Even with huge pages, the kernel zeroes every fresh page, which costs about as much
//! as writing the array once. A function that stores large temporaries (`let lap = ...`
//! read by several later loops) pays that for each of them on every call. The generated
//! code therefore hands such a temporary back with [`recycle`] when its last reader is
//! done, and [`fresh`] takes a cached buffer before asking the allocator: a function
//! called again (time steps, a loop over inputs) reuses its temporaries' pages. The cache
//! holds large buffers only (at least [`HUGE_MIN_BYTES`]) and at most
//! `ARR_BUFFER_CACHE_MB` mebibytes (default 1024; `0` turns it off);
//! [`clear_buffer_cache`] gives everything back to the allocator.

use std::any::{Any, TypeId};
use std::sync::{Mutex, OnceLock};

/// Arrays at least this large are advised to use huge pages (NumPy's threshold).
pub const HUGE_MIN_BYTES: usize = 4 << 20;

/// Advises the kernel to back `data` with transparent huge pages (Linux; no-op
/// elsewhere and for small arrays). Call it right after allocating, before writing.
#[inline]
pub fn advise_huge<T>(data: &mut [T]) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let bytes = std::mem::size_of_val(data);
        if bytes < HUGE_MIN_BYTES {
            return;
        }
        let start = data.as_mut_ptr() as usize;
        let first = start.div_ceil(PAGE) * PAGE;
        let last = (start + bytes) / PAGE * PAGE;
        if last > first {
            // SAFETY: [first, last) is page-aligned and lies inside `data`, which we
            // borrow mutably for the call. MADV_HUGEPAGE only changes how the kernel backs
            // the pages, never their contents; a failure (e.g. THP disabled) is harmless
            // and ignored.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    last - first,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = data;
}

/// `a`, just built by an ndarray constructor and not written yet, advised for huge
/// pages (`from_elem` of zeros is calloc'd memory, still unmapped, so the advice reaches
/// every page before its first write).
pub(crate) fn advised<T, D: ndarray::Dimension>(
    mut a: ndarray::Array<T, D>,
) -> ndarray::Array<T, D> {
    if let Some(d) = a.as_slice_mut() {
        advise_huge(d);
    }
    a
}

/// Destinations of an elementwise loop at least this large are written with
/// non-temporal (streaming) stores, which go to memory without first reading each
/// cache line in (a normal store to a line not in cache reads it: a third of the memory
/// traffic of `out = f(x)`), and without evicting the inputs from the caches. Below this
/// size the result likely stays in the last-level cache for its next reader, so normal
/// stores win. `ARR_STREAM=0` in the environment turns streaming off (for comparisons).
pub const STREAM_MIN_BYTES: usize = 32 << 20;

/// Whether a loop writing `bytes` bytes of elements of `O` should use streaming stores
/// ([`STREAM_MIN_BYTES`]; x86-64 only, elements of 2, 4 or 8 bytes, so that a group of
/// 32 elements is whole cache lines).
pub(crate) fn stream_for<O>(bytes: usize) -> bool {
    static OFF: OnceLock<bool> = OnceLock::new();
    cfg!(target_arch = "x86_64")
        && bytes >= STREAM_MIN_BYTES
        && matches!(std::mem::size_of::<O>(), 2 | 4 | 8)
        && !*OFF.get_or_init(|| std::env::var("ARR_STREAM").is_ok_and(|v| v.trim() == "0"))
}

/// The number of leading elements of `out` before its first one at the start of a
/// 64-byte cache line (all of them if there is none): a streaming loop writes those with
/// normal stores. Streaming stores cover whole lines only: a line written partly by
/// streaming stores and partly by normal ones costs a partial write-combining flush
/// (a 3-d stencil with short rows ran at half speed with 16-byte alignment).
#[inline(always)]
pub(crate) fn stream_head<O>(out: &[std::mem::MaybeUninit<O>]) -> usize {
    let size = std::mem::size_of::<O>().max(1);
    let mis = out.as_ptr() as usize % 64;
    if mis == 0 {
        0
    } else {
        ((64 - mis) / size).min(out.len())
    }
}

/// Copies `src` into `dst` with streaming stores, 16 bytes at a time.
///
/// # Safety
///
/// `dst` must be 16-byte aligned and `size_of_val(src)` a multiple of 16; the caller
/// must run [`stream_fence`] before another thread (or the caller's own later normal
/// loads, to be safe) reads the stored bytes.
#[inline(always)]
pub(crate) unsafe fn stream_store<O: Copy>(
    dst: &mut [std::mem::MaybeUninit<O>],
    src: &[std::mem::MaybeUninit<O>],
) {
    debug_assert_eq!(dst.len(), src.len());
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_stream_si128};
        let bytes = std::mem::size_of_val(src);
        debug_assert!(bytes.is_multiple_of(16) && (dst.as_ptr() as usize).is_multiple_of(16));
        let d = dst.as_mut_ptr().cast::<u8>();
        let s = src.as_ptr().cast::<u8>();
        let mut k = 0;
        while k + 16 <= bytes {
            // SAFETY: `k + 16 <= bytes`, the length in bytes of both slices, which do not
            // overlap (one is borrowed mutably); `d + k` is 16-byte aligned by the
            // contract. SSE2 is part of x86-64.
            unsafe {
                let v = _mm_loadu_si128(s.add(k).cast::<__m128i>());
                _mm_stream_si128(d.add(k).cast::<__m128i>(), v);
            }
            k += 16;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    dst.copy_from_slice(src);
}

/// Orders the streaming stores made so far before any later store (an `sfence`): a
/// kernel that used [`stream_store`] calls it before it returns, so that the join that
/// publishes its results also publishes them.
#[inline(always)]
pub(crate) fn stream_fence() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `sfence` has no preconditions (SSE is part of x86-64).
    unsafe {
        std::arch::x86_64::_mm_sfence()
    };
}

/// Size of the last-level cache in bytes (Linux sysfs: the largest cache of CPU 0),
/// read once; 32 MiB where it cannot be read.
pub fn last_level_cache_bytes() -> usize {
    static BYTES: OnceLock<usize> = OnceLock::new();
    *BYTES.get_or_init(|| {
        let mut best = 0usize;
        for idx in 0..8 {
            let p = format!("/sys/devices/system/cpu/cpu0/cache/index{idx}/size");
            if let Ok(s) = std::fs::read_to_string(&p) {
                let s = s.trim();
                let (num, mul) = match s.chars().last() {
                    Some('K') => (&s[..s.len() - 1], 1 << 10),
                    Some('M') => (&s[..s.len() - 1], 1 << 20),
                    Some('G') => (&s[..s.len() - 1], 1 << 30),
                    _ => (s, 1),
                };
                if let Ok(v) = num.parse::<usize>() {
                    best = best.max(v.saturating_mul(mul));
                }
            }
        }
        if best == 0 {
            32 << 20
        } else {
            best
        }
    })
}

/// One cached buffer: a `Vec<T>` of length 0 (type-erased), its element type and its
/// capacity in elements and bytes.
struct Cached {
    ty: TypeId,
    cap: usize,
    bytes: usize,
    vec: Box<dyn Any + Send>,
}

#[derive(Default)]
struct Cache {
    bufs: Vec<Cached>,
    bytes: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The cache's budget in bytes: `ARR_BUFFER_CACHE_MB` (read once), default 1 GiB.
fn budget() -> usize {
    static BUDGET: OnceLock<usize> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        std::env::var("ARR_BUFFER_CACHE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1024)
            .saturating_mul(1 << 20)
    })
}

/// An empty vector with room for `n` elements: the smallest cached buffer of `T` that
/// holds `n` and is at most 1/8 larger, or a new allocation. Its pages may hold old
/// values: callers write every element before reading any (as with `Vec::with_capacity`).
pub fn fresh<T: Copy + Send + 'static>(n: usize) -> Vec<T> {
    let want = n.saturating_mul(std::mem::size_of::<T>());
    if want >= HUGE_MIN_BYTES {
        let ty = TypeId::of::<T>();
        let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
        let best = c
            .bufs
            .iter()
            .enumerate()
            .filter(|(_, b)| b.ty == ty && b.cap >= n && b.cap - n <= n / 8)
            .min_by_key(|(_, b)| b.cap)
            .map(|(i, _)| i);
        if let Some(i) = best {
            let b = c.bufs.swap_remove(i);
            c.bytes -= b.bytes;
            drop(c);
            if let Ok(v) = b.vec.downcast::<Vec<T>>() {
                return *v;
            }
        }
    }
    Vec::with_capacity(n)
}

/// Hands the buffer of a temporary array back for [`fresh`] to reuse (large buffers
/// only, within the cache's budget; anything else is freed as usual).
pub fn recycle<T: Copy + Send + 'static>(a: ndarray::ArrayD<T>) {
    let (mut v, _) = a.into_raw_vec_and_offset();
    let bytes = v.capacity().saturating_mul(std::mem::size_of::<T>());
    if bytes < HUGE_MIN_BYTES {
        return;
    }
    let budget = budget();
    if bytes > budget {
        return;
    }
    v.clear();
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    // Oldest first out until the new buffer fits.
    while c.bytes + bytes > budget && !c.bufs.is_empty() {
        let old = c.bufs.remove(0);
        c.bytes -= old.bytes;
    }
    c.bytes += bytes;
    let cap = v.capacity();
    c.bufs.push(Cached {
        ty: TypeId::of::<T>(),
        cap,
        bytes,
        vec: Box::new(v),
    });
}

/// Frees every cached buffer (see the module's documentation); returns the bytes freed.
pub fn clear_buffer_cache() -> usize {
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    let freed = c.bytes;
    c.bufs.clear();
    c.bytes = 0;
    freed
}

/// The bytes the cache holds now.
pub fn buffer_cache_bytes() -> usize {
    cache().lock().unwrap_or_else(|e| e.into_inner()).bytes
}

#[cfg(test)]
mod tests {
    #[test]
    fn advising_keeps_contents() {
        let mut v = vec![1.5f64; (8 << 20) / 8 + 3];
        super::advise_huge(&mut v[..]);
        assert!(v.iter().all(|&x| x == 1.5));
        let mut small = vec![2u8; 10];
        super::advise_huge(&mut small[..]);
        assert_eq!(small, vec![2u8; 10]);
    }

    #[test]
    fn recycled_buffers_are_reused_by_type_and_size() {
        use ndarray::{ArrayD, IxDyn};
        // Other tests may use the cache at the same time: look for our own pointer.
        let n = (8 << 20) / 8;
        let a = ArrayD::from_elem(IxDyn(&[n]), 1.0f64);
        let p = a.as_ptr() as usize;
        super::recycle(a);
        // Another type or a much smaller size does not take it.
        let other: Vec<i64> = super::fresh(n);
        assert_ne!(other.as_ptr() as usize, p);
        let small: Vec<f64> = super::fresh(n / 2);
        assert_ne!(small.as_ptr() as usize, p);
        let mut got = None;
        for _ in 0..4 {
            let v: Vec<f64> = super::fresh(n - 5);
            assert!(v.is_empty() && v.capacity() >= n - 5);
            if v.as_ptr() as usize == p {
                got = Some(v);
                break;
            }
        }
        assert!(
            got.is_some(),
            "the recycled buffer was not handed out again"
        );
        // Small buffers are not cached.
        let s = ArrayD::from_elem(IxDyn(&[16]), 1.0f32);
        let before = super::buffer_cache_bytes();
        super::recycle(s);
        assert!(super::buffer_cache_bytes() <= before);
        super::clear_buffer_cache();
    }
}
