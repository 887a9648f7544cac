package dev.veto.engine;

import java.util.Arrays;

/**
 * A persistent array indexed by int: pages of 1,024 slots under a directory. A new version copies
 * only the directory and the pages it writes, so one change costs a few kilobytes of copying
 * however large the array is, and old versions stay valid for the readers that hold them.
 *
 * <p>INVARIANT: a published instance is never written again; only a {@link Builder} writes, and
 * only pages it copied itself.
 */
final class PagedArray<T> {
    static final int SHIFT = 10;
    static final int PAGE = 1 << SHIFT;
    static final int MASK = PAGE - 1;

    private static final PagedArray<?> EMPTY = new PagedArray<>(new Object[0][]);

    private final Object[][] pages;

    private PagedArray(Object[][] pages) {
        this.pages = pages;
    }

    @SuppressWarnings("unchecked")
    static <T> PagedArray<T> empty() {
        return (PagedArray<T>) EMPTY;
    }

    T get(int i) {
        return slot(pages, i);
    }

    @SuppressWarnings("unchecked")
    private static <T> T slot(Object[][] pages, int i) {
        int p = i >>> SHIFT;
        if (i < 0 || p >= pages.length) {
            return null;
        }
        Object[] page = pages[p];
        return page == null ? null : (T) page[i & MASK];
    }

    Builder<T> toBuilder() {
        return new Builder<>(pages);
    }

    /** Writes a new version; each page is copied at most once per builder. */
    static final class Builder<T> {
        private Object[][] pages;
        private boolean[] owned;

        private Builder(Object[][] base) {
            pages = base.clone();
            owned = new boolean[pages.length];
        }

        T get(int i) {
            return slot(pages, i);
        }

        void set(int i, T value) {
            int p = i >>> SHIFT;
            if (p >= pages.length) {
                int n = Math.max(p + 1, pages.length + (pages.length >> 1) + 1);
                pages = Arrays.copyOf(pages, n);
                owned = Arrays.copyOf(owned, n);
            }
            if (!owned[p]) {
                pages[p] = pages[p] == null ? new Object[PAGE] : pages[p].clone();
                owned[p] = true;
            }
            pages[p][i & MASK] = value;
        }

        PagedArray<T> build() {
            PagedArray<T> out = new PagedArray<>(pages);
            // the builder must not write into what it just published
            pages = pages.clone();
            owned = new boolean[pages.length];
            return out;
        }
    }
}
