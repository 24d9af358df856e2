-- What in a case waits for the commission: the reporter's objection or the unit's
-- report (`objection`, `report_in`), shown in the queue until a step moves the case on.
ALTER TABLE complaint_status ADD COLUMN attention TEXT;

-- Cases already in the database: the flag their last deciding event leaves.
UPDATE complaint_status SET attention = (
    SELECT CASE e.action WHEN 'object' THEN 'objection' WHEN 'unit_report' THEN 'report_in' END
    FROM complaint_events e
    WHERE e.complaint_id = complaint_status.complaint_id
      AND e.action IN ('object', 'unit_report', 'accept', 'not_accept', 'forward', 'handle', 'feedback', 'close', 'reopen', 'merge')
    ORDER BY e.id DESC
    LIMIT 1
);
