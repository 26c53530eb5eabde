// Event annotations: added, edited, hidden and removed through the model, and still so after the
// store is closed and opened again.
#include "annotations.h"
#include "store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;

class TestAnnotations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultStoreHasTheReportsEvents();
    void editsPersistAcrossReopen();
    void rejectsBadEdits_data();
    void rejectsBadEdits();
};

void TestAnnotations::defaultStoreHasTheReportsEvents()
{
    QTemporaryDir dir;
    QString error;
    auto store = Store::open(dir.filePath(QStringLiteral("a.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    const auto all = annotations::list(*store);
    QCOMPARE(all.size(), 7);
    QCOMPARE(all.at(1).label, QStringLiteral("EU referendum"));
    QCOMPARE(all.at(1).date, QDate(2016, 6, 23));
    QCOMPARE(all.at(4).label, QStringLiteral("London Bridge attack"));
    QCOMPARE(all.at(4).date, QDate(2017, 6, 3));
}

void TestAnnotations::editsPersistAcrossReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.sqlite"));
    QString error;
    {
        auto store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        AnnotationModel model(*store);
        QSignalSpy changed(&model, &AnnotationModel::annotationsChanged);
        QCOMPARE(model.rowCount(), 7);
        // Add.
        const int row = model.addAnnotation({0, QDate(2020, 3, 23), QStringLiteral("First lockdown"), QString(), false});
        QVERIFY2(row >= 0, qPrintable(model.lastError()));
        QCOMPARE(model.rowCount(), 8);
        // Edit its label and description.
        QVERIFY(model.setData(model.index(row, AnnotationModel::LabelColumn), QStringLiteral("Lockdown 1")));
        QVERIFY(model.setData(model.index(row, AnnotationModel::DescriptionColumn), QStringLiteral("Stay-at-home order")));
        // Hide the EU referendum.
        int referendum = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.annotationAt(r).label == QLatin1String("EU referendum"))
                referendum = r;
        }
        QVERIFY(referendum >= 0);
        QVERIFY(model.setData(model.index(referendum, AnnotationModel::ShownColumn), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(model.index(referendum, AnnotationModel::ShownColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        // Move the Paris attack's date.
        QVERIFY(model.setData(model.index(0, AnnotationModel::DateColumn), QDate(2015, 11, 14)));
        QCOMPARE(changed.count(), 5);
    }
    auto store = Store::open(path, &error);
    QVERIFY2(store, qPrintable(error));
    const auto all = annotations::list(*store, true);
    QCOMPARE(all.size(), 8);
    QCOMPARE(all.first().date, QDate(2015, 11, 14));
    const auto lockdown = std::find_if(all.begin(), all.end(), [](const Annotation &a) { return a.date == QDate(2020, 3, 23); });
    QVERIFY(lockdown != all.end());
    QCOMPARE(lockdown->label, QStringLiteral("Lockdown 1"));
    QCOMPARE(lockdown->description, QStringLiteral("Stay-at-home order"));
    const auto visible = annotations::list(*store);
    QCOMPARE(visible.size(), 7);
    QVERIFY(std::none_of(visible.begin(), visible.end(), [](const Annotation &a) { return a.label == QLatin1String("EU referendum"); }));
    // Removed for good.
    QVERIFY(annotations::remove(*store, lockdown->id, &error));
    QCOMPARE(annotations::list(*store, true).size(), 7);
}

void TestAnnotations::rejectsBadEdits_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty label") << int(AnnotationModel::LabelColumn) << QVariant(QStringLiteral("  ")) << "short label";
    QTest::newRow("long label") << int(AnnotationModel::LabelColumn)
                                << QVariant(QStringLiteral("A label far too long to sit on a chart beside its line")) << "longer than 40";
    QTest::newRow("no date") << int(AnnotationModel::DateColumn) << QVariant(QDate()) << "valid date";
}

void TestAnnotations::rejectsBadEdits()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QString error;
    auto store = Store::open(dir.filePath(QStringLiteral("c.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    AnnotationModel model(*store);
    const Annotation before = model.annotationAt(0);
    QVERIFY(!model.setData(model.index(0, column), value));
    QVERIFY2(model.lastError().contains(message), qPrintable(model.lastError()));
    const auto stored = annotations::list(*store, true).first();
    QCOMPARE(stored.label, before.label);
    QCOMPARE(stored.date, before.date);
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "tst_annotations.moc"
