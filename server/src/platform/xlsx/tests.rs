use super::*;

#[test]
fn a_written_workbook_reads_back_through_the_sheet_reader() {
    let rows = vec![
        vec!["改革领域".to_string(), "任务内容".to_string()],
        vec![
            "不动产登记".to_string(),
            "<&>\"引号\" 与换行\n第二行".to_string(),
        ],
    ];
    let bytes = write("2026-11-30 周报", &rows).unwrap();
    let sheet = crate::platform::sheet::read_upload("weekly.xlsx", &bytes).unwrap();
    assert_eq!(sheet.header, rows[0]);
    assert_eq!(sheet.rows[0].1, rows[1]);
    assert_eq!(column(0), "A");
    assert_eq!(column(25), "Z");
    assert_eq!(column(26), "AA");
    assert_eq!(column(27), "AB");
}
