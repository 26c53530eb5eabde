#include "catalog.h"
#include "navigatormodel.h"
#include "packdata.h"
#include "sourcecomparison.h"
#include "reporttable.h"
#include "reporttablemodel.h"
#include "seriesmodel.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportTableModel_data();
    void reportTableModel();
    void satisfactionSignificance_data();
    void satisfactionSignificance();
    void navigatorModel();
    void seriesModel_data();
    void seriesModel();
    void boroughValuesModel();
    void formatValue_data();
    void formatValue();
    void writtenDecimals_data();
    void writtenDecimals();
    void seriesCalculatedSaysSo();
    void statedIn_data();
    void twoSourcesForTotalNotifiableOffences();
    void reportTableCellsAsStated_data();
    void reportTableCellsAsStated();
    void statedIn();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestModels::initTestCase()
{
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("models.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestModels::reportTableModel_data()
{
    QTest::addColumn<QString>("id");
    for (const QString &id : reporttables::ids())
        QTest::newRow(qPrintable(id)) << id;
}

void TestModels::reportTableModel()
{
    QFETCH(QString, id);
    ReportTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    const auto table = reporttables::build(*m_store, id, &error);
    QVERIFY2(table, qPrintable(error));
    model.setTable(*table);
    QVERIFY(model.rowCount() > 0);
    QCOMPARE(model.columnCount(), table->columns.size());
    // Numbers are right-aligned and read as officers write them.
    for (int c = 0; c < model.columnCount(); ++c) {
        if (table->columns.at(c).format == ValueFormat::Text)
            continue;
        const QModelIndex index = model.index(model.rowCount() - 1, c);
        QCOMPARE(model.data(index, Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    }
}

void TestModels::satisfactionSignificance_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("significant");
    // Figures as printed in the report's inequalities table, which marks gaps "above +/-5%":
    // exactly +5.0 is not significant (nor coloured); the first figure beyond it is.
    QTest::newRow("Mixed, Good job -13.5") << "Mixed" << 3 << "-13.5" << true;
    QTest::newRow("White British, Good job -0.1") << "White British" << 3 << "-0.1" << false;
    QTest::newRow("65 years +, Listen to concerns +5.0") << "65 years +" << 5 << "+5.0" << false;
    QTest::newRow("Other ethnicity, Fair treatment +5.0") << "Other ethnicity" << 6 << "+5.0" << false;
    QTest::newRow("Other ethnicity, Good job +4.9") << "Other ethnicity" << 3 << "+4.9" << false;
    QTest::newRow("White Other, Informed local -4.9") << "White Other" << 4 << "-4.9" << false;
    QTest::newRow("Black, Dealing issues -5.5") << "Black" << 7 << "-5.5" << true;
    QTest::newRow("LGB, Listen to concerns -6.1") << "LGB" << 5 << "-6.1" << true;
    QTest::newRow("White Other, Good job +6.2") << "White Other" << 3 << "+6.2" << true;
    // The MPS average row holds percentages, never marked.
    QTest::newRow("MPS Average, Overall 75.3%") << "MPS Average" << 2 << "75.3%" << false;
}

void TestModels::satisfactionSignificance()
{
    QFETCH(QString, group);
    QFETCH(int, column);
    QFETCH(QString, shown);
    QFETCH(bool, significant);
    ReportTableModel model;
    QString error;
    const auto table = reporttables::build(*m_store, QStringLiteral("satisfaction-gaps"), &error);
    QVERIFY2(table, qPrintable(error));
    model.setTable(*table);
    QModelIndex cell;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data().toString() == group)
            cell = model.index(r, column);
    }
    QVERIFY(cell.isValid());
    QCOMPARE(cell.data().toString(), shown);
    QCOMPARE(cell.data(static_cast<int>(ReportTableModel::Role::Significant)).toBool(), significant);
    // Coloured exactly when significant (the average row has its own grey).
    if (group != QLatin1String("MPS Average"))
        QCOMPARE(cell.data(Qt::BackgroundRole).isValid(), significant);
    // The note states the rule the colouring uses, in the report's terms.
    QVERIFY2(table->note.contains(QStringLiteral("significant: more than 5 points from the MPS average")),
             qPrintable(table->note));
}

void TestModels::navigatorModel()
{
    NavigatorModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.find(QStringLiteral("table:revenue")).isValid());
    QVERIFY(model.find(QStringLiteral("measure:crime.tno")).isValid());
    const QModelIndex burglary = model.find(QStringLiteral("category:Burglary"));
    QVERIFY(burglary.isValid());
    QCOMPARE(burglary.data(static_cast<int>(NavigatorModel::Role::MeasureKeys)).toStringList().size(), 2);
    model.reload();
    QVERIFY(model.find(QStringLiteral("table:capital")).isValid());
}

void TestModels::seriesModel_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("area");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("firstValue");
    QTest::newRow("domestic burglary, Westminster, whole series")
        << QStringList{QStringLiteral("mps.burglary.domestic_burglary")} << "E09000033" << 166 << QString();
    QTest::newRow("TNO: two stated rolling years")
        << QStringList{QStringLiteral("crime.tno")} << "E23000001" << 2 << "748,660";
    QTest::newRow("victims updated: two stated months")
        << QStringList{QStringLiteral("cj.victims_updated")} << "E23000001" << 2 << "80%"; // "80% in April 2014"
    // Stated precision: each figure as the report states it, not padded to the unit's decimal.
    QTest::newRow("revised budget, stated £2,504m")
        << QStringList{QStringLiteral("finance.revenue.revised_budget")} << "E23000001" << 1 << "£2,504m";
    QTest::newRow("savings on track, stated £66m")
        << QStringList{QStringLiteral("finance.savings.on_track")} << "E23000001" << 1 << "£66m";
    QTest::newRow("user satisfaction, Executive Summary 75%")
        << QStringList{QStringLiteral("pas.overall_satisfaction.summary")} << "E23000001" << 1 << "75%";
    QTest::newRow("overall satisfaction, table 75.3%")
        << QStringList{QStringLiteral("pas.overall_satisfaction")} << "E23000001" << 1 << "75.3%";
    QTest::newRow("burglary, East Area BCU from its boroughs")
        << QStringList{QStringLiteral("mps.burglary.domestic_burglary"), QStringLiteral("mps.burglary.burglary_business_and_community")}
        << "BCU-EA" << 166 << QString();
}

void TestModels::seriesModel()
{
    QFETCH(QStringList, keys);
    QFETCH(QString, area);
    QFETCH(int, rows);
    QFETCH(QString, firstValue);
    SeriesModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSeries(keys, area);
    QCOMPARE(model.rowCount(), rows);
    if (!firstValue.isEmpty()) {
        QCOMPARE(model.index(0, SeriesModel::ValueColumn).data().toString(), firstValue);
        // What exports read: the same decimals as the text.
        const int decimals = model.index(0, SeriesModel::ValueColumn).data(static_cast<int>(SeriesModel::Role::Decimals)).toInt();
        const qsizetype point = firstValue.indexOf(QLatin1Char('.'));
        int shown = 0;
        if (point >= 0)
            while (point + 1 + shown < firstValue.size() && firstValue.at(point + 1 + shown).isDigit())
                ++shown;
        QCOMPARE(decimals, shown);
    }
    model.setSeries(keys, area, QDate(2017, 1, 1), QDate(2017, 12, 31));
    QVERIFY(model.rowCount() <= 12);
}

void TestModels::boroughValuesModel()
{
    BoroughValuesModel model(*m_store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setValues({QStringLiteral("mps.theft.theft_from_person")}, QDate(2016, 7, 1), QDate(2017, 6, 30));
    QCOMPARE(model.rowCount(), 32); // the City of London is policed by the City of London Police
    double sum = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        sum += model.index(r, BoroughValuesModel::ValueColumn).data(Qt::EditRole).toDouble();
    // The 32 boroughs of the open data for July 2016 - June 2017; with Heathrow's 83 they make 41,667,
    // against the report's 41,699 for Total Theft Person (the open data is a later vintage).
    QCOMPARE(sum, 41584.0);
}

void TestModels::formatValue_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("decimals"); // -1: none given, the unit's default
    QTest::addColumn<QString>("text");
    QTest::newRow("£m as the text states it") << 2504.0 << "gbp_m" << 0 << "£2,504m";
    QTest::newRow("£m as the table states it") << 2503.5 << "gbp_m" << 1 << "£2,503.5m";
    QTest::newRow("£m, unit default") << 2503.5 << "gbp_m" << -1 << "£2,503.5m";
    QTest::newRow("negative £m, no decimals") << -32.0 << "gbp_m" << 0 << "-£32m";
    QTest::newRow("percent stated whole") << 75.0 << "percent" << 0 << "75%";
    QTest::newRow("percent stated to one decimal") << 75.3 << "percent" << 1 << "75.3%";
    QTest::newRow("percent stated 5.0") << 5.0 << "percent" << 1 << "5.0%";
    QTest::newRow("points") << 3.0 << "points" << 1 << "+3.0 pts";
    QTest::newRow("points stated whole") << -6.0 << "points" << 0 << "-6 pts";
    QTest::newRow("count") << 790473.0 << "count" << -1 << "790,473";
    QTest::newRow("count with a stated decimal") << 12.5 << "count" << 1 << "12.5";
    QTest::newRow("pounds") << 640000.0 << "gbp" << -1 << "£640,000";
    QTest::newRow("ratio") << 1.234 << "ratio" << -1 << "1.23";
    // Rounds half away from zero at the stated decimals, as the report does (2,503.5 -> 2,504).
    QTest::newRow("rounded to none") << 2503.5 << "gbp_m" << 0 << "£2,504m";
}

void TestModels::formatValue()
{
    QFETCH(double, value);
    QFETCH(QString, unit);
    QFETCH(int, decimals);
    QFETCH(QString, text);
    QCOMPARE(catalog::formatValue(value, unit, decimals < 0 ? std::nullopt : std::optional<int>(decimals)), text);
}

void TestModels::writtenDecimals_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<int>("decimals");
    QTest::newRow("table's £m") << "2503.5" << 1;
    QTest::newRow("text's £m") << "2504" << 0;
    QTest::newRow("whole percent") << "75" << 0;
    QTest::newRow("a trailing zero counts") << "5.0" << 1;
    QTest::newRow("negative") << "-65.9" << 1;
    QTest::newRow("two decimals") << "0.25" << 2;
    QTest::newRow("spaces") << " 86 " << 0;
}

void TestModels::writtenDecimals()
{
    QFETCH(QString, written);
    QFETCH(int, decimals);
    QCOMPARE(catalog::writtenDecimals(written), decimals);
}

// A figure Oversight adds up says so; a stated one does not.
void TestModels::seriesCalculatedSaysSo()
{
    SeriesModel model(*m_store);
    model.setSeries({QStringLiteral("mps.burglary.domestic_burglary")}, QStringLiteral("BCU-EA"));
    QVERIFY(model.rowCount() > 12);
    QCOMPARE(model.index(0, SeriesModel::ValueColumn).data(Qt::ToolTipRole).toString(),
             model.index(0, SeriesModel::ValueColumn).data().toString() + QStringLiteral(" (calculated: sum of the BCU's boroughs)"));
    const int last = model.rowCount() - 1;
    QVERIFY(model.index(last, SeriesModel::Rolling12Column).data(Qt::ToolTipRole).toString().contains(QStringLiteral("calculated")));
    QVERIFY(model.headerData(SeriesModel::Rolling12Column, Qt::Horizontal).toString().contains(QStringLiteral("calculated")));
    model.setSeries({QStringLiteral("finance.revenue.revised_budget")}, QStringLiteral("E23000001"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, SeriesModel::ValueColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("£2,504m"));
}

// Where the pack says a figure is stated, from the seed's source references as they are written.
void TestModels::statedIn_data()
{
    QTest::addColumn<QString>("sourceRef");
    QTest::addColumn<QString>("where");
    QTest::newRow("text") << "Executive Summary: \"against a revised budget of £2,504m\"" << "Executive Summary";
    QTest::newRow("table with row and column")
        << "A Safer London, \"Recorded crime 12 month average\" table, row \"Total Notifiable Offences\", column \"July 2016 - June 2017\": \"790,473\""
        << "A Safer London, Recorded crime 12 month average table";
    QTest::newRow("table with group and question")
        << "A better Police Service, Satisfaction and Public Voice - Inequalities table (Q1 17-18), MPS Average, Overall Satisfaction: \"75.3%\""
        << "A better Police Service, Satisfaction and Public Voice - Inequalities table (Q1 17-18)";
    QTest::newRow("comma inside brackets kept")
        << "A better Police Service, Workforce (police staff, as of Q1 2017/18): \"female staff consistently represent 56%\""
        << "A better Police Service, Workforce (police staff, as of Q1 2017/18)";
    QTest::newRow("imported: none") << QString() << QString();
}

void TestModels::statedIn()
{
    QFETCH(QString, sourceRef);
    QFETCH(QString, where);
    QCOMPARE(packdata::statedIn(sourceRef), where);
}

// The report's 790,473 offences (12 months to June 2017) against the open data's sum for the same
// months: its own figures, summed here by a second query, not through the code under test.
void TestModels::twoSourcesForTotalNotifiableOffences()
{
    const auto c = sourcecomparison::forMeasure(*m_store, QStringLiteral("crime.tno"));
    QVERIFY(c);
    QCOMPARE(c->period, QStringLiteral("12 months to June 2017"));
    QCOMPARE(c->report.value, 790473.0);
    QVERIFY(!c->report.calculated);
    QCOMPARE(c->report.source, QStringLiteral("MOPAC report"));
    QVERIFY(c->report.detail.contains(QStringLiteral("Recorded crime 12 month average table")));
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT sum(value), sum(CASE WHEN area_code = 'X-HEATHROW' THEN value ELSE 0 END) "
                                  "FROM observation_flat WHERE measure_key LIKE 'mps.%' AND period_kind = 'month' "
                                  "AND period_start >= '2016-07-01' AND period_end <= '2017-06-30' AND breakdown IS NULL")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toDouble(), 791297.0); // the open data's rolling 12 months to June 2017
    QCOMPARE(c->openData.value, q.value(0).toDouble());
    QVERIFY(c->openData.calculated);
    QCOMPARE(c->openData.source, QStringLiteral("MPS open data"));
    QCOMPARE(c->difference, 824.0);
    QCOMPARE(sourcecomparison::text(*c, c->report), QStringLiteral("790,473"));
    QCOMPARE(sourcecomparison::text(*c, c->openData), QStringLiteral("791,297"));
    QCOMPARE(sourcecomparison::differenceText(*c), QStringLiteral("+824"));
    // The reason names what is known: the airports' offences, from the store, and the later extract.
    const QString heathrow = QLocale(QLocale::English, QLocale::UnitedKingdom).toString(q.value(1).toDouble(), 'f', 0);
    QVERIFY(q.value(1).toDouble() > 0);
    QVERIFY2(c->reason.contains(QStringLiteral("London Heathrow and London City Airports (%1 offences").arg(heathrow)), qPrintable(c->reason));
    QVERIFY(c->reason.contains(QStringLiteral("later extract")));
    QCOMPARE(sourcecomparison::forChart(*m_store, QStringLiteral("crime.tno"))->report.value, 790473.0);
    // A measure the open data does not count has no second source, nor one it counts differently.
    QVERIFY(!sourcecomparison::forMeasure(*m_store, QStringLiteral("finance.revenue.revised_budget")));
    QVERIFY(!sourcecomparison::forMeasure(*m_store, QStringLiteral("crime.vap")));
    // The report's Total Burglary against the open data's Burglary category for the same 12 months.
    const auto burglary = sourcecomparison::forMeasure(*m_store, QStringLiteral("crime.burglary"));
    QVERIFY(burglary);
    QCOMPARE(burglary->report.value, 70761.0); // the report's table, July 2016 - June 2017
    QVERIFY(q.exec(QStringLiteral("SELECT sum(value) FROM observation_flat WHERE measure_key LIKE 'mps.burglary.%' "
                                  "AND period_kind = 'month' AND period_start >= '2016-07-01' AND period_end <= '2017-06-30'")));
    QVERIFY(q.next());
    QCOMPARE(burglary->openData.value, q.value(0).toDouble());
    QCOMPARE(burglary->difference, q.value(0).toDouble() - 70761.0);
    QVERIFY(burglary->openData.detail.contains(QStringLiteral("Burglary category")));
    QVERIFY(burglary->chartId.isEmpty());
}

// A report table's cell as the report prints it: whole where the report prints it whole ("268" in
// the capital table, "2%" in the reserves, "75%" in the local priorities), with its decimal where it
// has one ("27.0", "46.6").
void TestModels::reportTableCellsAsStated_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("rowStart");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::newRow("capital total forecast, printed 268") << "capital" << "Total Capital Expenditure" << 4 << "268";
    QTest::newRow("capital total actual, printed 27.0") << "capital" << "Total Capital Expenditure" << 3 << "27.0";
    QTest::newRow("capital total budget, printed 366.2") << "capital" << "Total Capital Expenditure" << 2 << "366.2";
    QTest::newRow("capital estate variance, printed -74") << "capital" << "Property Services" << 5 << "-74";
    QTest::newRow("reserves general fund %, printed 2%") << "reserves" << "General Fund Reserve %" << 1 << "2%";
    QTest::newRow("reserves earmarked %, printed 15%") << "reserves" << "Earmarked Reserve as" << 1 << "15%";
    QTest::newRow("reserves general fund, printed 46.6") << "reserves" << "General Fund Reserve" << 1 << "46.6";
    QTest::newRow("reserves movement, printed 16.0") << "reserves" << "Net Reserve Movement" << 1 << "16.0";
    QTest::newRow("local priority, printed 75%") << "local-priorities" << "Richmond upon Thames" << 1 << "+75%";
    QTest::newRow("revenue keeps 0.0") << "revenue" << "PCSO Overtime" << 3 << "0.0";
}

void TestModels::reportTableCellsAsStated()
{
    QFETCH(QString, id);
    QFETCH(QString, rowStart);
    QFETCH(int, column);
    QFETCH(QString, text);
    QString error;
    const auto table = reporttables::build(*m_store, id, &error);
    QVERIFY2(table, qPrintable(error));
    ReportTableModel model;
    model.setTable(*table);
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data().toString().startsWith(rowStart) || model.index(r, 1).data().toString().startsWith(rowStart)) {
            QCOMPARE(model.index(r, column).data().toString(), text);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row %1").arg(rowStart)));
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
