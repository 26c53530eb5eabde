#include "navigatormodel.h"
#include "reporttable.h"
#include "reporttablemodel.h"
#include "seriesmodel.h"
#include "store.h"

#include <QAbstractItemModelTester>
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
        << QStringList{QStringLiteral("cj.victims_updated")} << "E23000001" << 2 << "80.0%";
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
    if (!firstValue.isEmpty())
        QCOMPARE(model.index(0, SeriesModel::ValueColumn).data().toString(), firstValue);
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

QTEST_MAIN(TestModels)
#include "tst_models.moc"
