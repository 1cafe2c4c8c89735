#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "trunkwiz/base.h"
#include "tw_test.h"
#include "base/base.h"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

START_TEST(test_arena_alloc)
{
	struct tw_arena a;
	size_t i, total = 0;
	char *s;

	tw_arena_init(&a);
	s = tw_arena_strndup(&a, "abcdef", 3);
	ck_assert_str_eq(s, "abc");
	ck_assert_str_eq(tw_arena_strdup(&a, ""), "");
	/* enough to go past the malloc'd chunks into huge-page blocks */
	for (i = 1; total < ((size_t)12 << 20); i = i * 7 % 5003 + 1) {
		size_t align = (size_t)1 << (i % 5);
		char *p = tw_arena_alloc(&a, i, align);

		ck_assert_uint_eq((uintptr_t)p % align, 0);
		ck_assert(all_zero(p, i));
		memset(p, 0xa5, i);
		total += i;
	}
	/* a block bigger than any chunk */
	s = tw_arena_alloc(&a, (size_t)40 << 20, 8);
	ck_assert(all_zero(s, (size_t)40 << 20));
	s[((size_t)40 << 20) - 1] = 1;
	tw_arena_free(&a);
	ck_assert_ptr_null(a.head);
	tw_arena_free(&a);
}
END_TEST

START_TEST(test_arena_grow)
{
	struct tw_arena a;
	int *v, *w;
	size_t i;

	tw_arena_init(&a);
	v = tw_arena_alloc(&a, 4 * sizeof(*v), sizeof(void *));
	for (i = 0; i < 4; i++)
		v[i] = (int)i;
	/* last allocation: grows in place */
	w = tw_arena_grow(&a, v, 4 * sizeof(*v), 8 * sizeof(*v));
	ck_assert_ptr_eq(w, v);
	ck_assert(tw_arena_extend(&a, v, 8 * sizeof(*v), sizeof(*v)));
	ck_assert_int_eq(v[9 - 1], 0);
	/* something allocated after it: copied */
	tw_arena_alloc(&a, 1, 1);
	ck_assert(!tw_arena_extend(&a, v, 9 * sizeof(*v), sizeof(*v)));
	w = tw_arena_grow(&a, v, 9 * sizeof(*v), 16 * sizeof(*v));
	ck_assert_ptr_ne(w, v);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(w[i], (int)i);
	ck_assert(all_zero(w + 9, 7 * sizeof(*w)));
	ck_assert(!tw_arena_extend(&a, NULL, 0, 1));
	tw_arena_free(&a);
}
END_TEST

static bool has_pattern(const unsigned char *p, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (p[j] != (unsigned char)(j * 7))
			return false;
	return true;
}

START_TEST(test_large)
{
	static const size_t sizes[] = { 0, 1, 1000, (1 << 20) - 17, 1 << 20,
	                                 (2 << 20) - 16, 2 << 20, (5 << 20) + 3 };
	unsigned char *p;
	size_t i, j;

	for (i = 0; i < TW_ARRAY_LEN(sizes); i++) {
		p = tw_xcalloc_large(sizes[i], 1);

		ck_assert(all_zero(p, sizes[i]));
		for (j = 0; j < sizes[i]; j++)
			p[j] = (unsigned char)(j * 7);
		/* grow and shrink across the malloc and mapped forms */
		p = tw_xrealloc_large(p, sizes[i] * 2 + 10);
		ck_assert(has_pattern(p, sizes[i]));
		memset(p + sizes[i], 1, sizes[i] + 10);
		p = tw_xrealloc_large(p, sizes[i] / 3);
		ck_assert(has_pattern(p, sizes[i] / 3));
		tw_free_large(p);
		p = tw_xmalloc_large(sizes[i]);
		memset(p, 1, sizes[i]);
		tw_free_large(p);
	}
	p = tw_xrealloc_large(NULL, 10);
	ck_assert_ptr_nonnull(p);
	tw_free_large(p);
	tw_free_large(NULL);
	tw_free_large(tw_xcalloc_large(3, 1 << 20));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");

	tcase_add_test(tc, test_arena_alloc);
	tcase_add_test(tc, test_arena_grow);
	tcase_add_test(tc, test_large);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
