// Writes the generated MPS ward-level layout as an xlsx workbook for import_bench.
// Usage: bench_xlsx_writer OUT.xlsx AREAS CATEGORIES MONTHS [shared]
// Text goes into inline strings (libxlsxwriter's constant-memory mode), or with "shared" into the
// shared-strings table, as Excel writes it.
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int countFor(long long i)
{
    unsigned long long x = static_cast<unsigned long long>(i) * 6364136223846793005ULL + 1442695040888963407ULL;
    x ^= x >> 33;
    const int r = static_cast<int>(x % 100);
    return r < 45 ? 0 : r < 80 ? static_cast<int>(x % 5) : static_cast<int>(x % 60);
}

} // namespace

int main(int argc, char *argv[])
{
    const bool shared = argc == 6 && std::string(argv[5]) == "shared";
    if (argc != 5 && !shared) {
        std::fprintf(stderr, "usage: bench_xlsx_writer OUT.xlsx AREAS CATEGORIES MONTHS [shared]\n");
        return 2;
    }
    const int areas = std::atoi(argv[2]);
    const int categories = std::atoi(argv[3]);
    const int months = std::atoi(argv[4]);
    lxw_workbook_options options{};
    options.constant_memory = shared ? LXW_FALSE : LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook *workbook = workbook_new_opt(argv[1], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Ward Level Crime");
    const char *fixed[] = {"MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName"};
    for (int c = 0; c < 5; ++c)
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), fixed[c], nullptr);
    int year = 2024;
    int month = 2;
    for (int m = 0; m < months; ++m) {
        const std::string header = std::to_string(year * 100 + month);
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(5 + m), header.c_str(), nullptr);
        if (++month == 13) {
            month = 1;
            ++year;
        }
    }
    long long values = 0;
    lxw_row_t row = 1;
    for (int a = 0; a < areas; ++a) {
        char code[16];
        std::snprintf(code, sizeof code, "E05%06d", 100000 + a);
        const std::string ward = "Ward " + std::to_string(a);
        for (int c = 0; c < categories; ++c, ++row) {
            const std::string category = "CATEGORY " + std::to_string(c);
            worksheet_write_string(sheet, row, 0, "THEFT", nullptr);
            worksheet_write_string(sheet, row, 1, category.c_str(), nullptr);
            worksheet_write_string(sheet, row, 2, ward.c_str(), nullptr);
            worksheet_write_string(sheet, row, 3, code, nullptr);
            worksheet_write_string(sheet, row, 4, "Westminster", nullptr);
            for (int m = 0; m < months; ++m)
                worksheet_write_number(sheet, row, static_cast<lxw_col_t>(5 + m), countFor(values++), nullptr);
        }
    }
    return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
