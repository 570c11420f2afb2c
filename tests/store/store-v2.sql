PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES('format','geokg-memory-store');
INSERT INTO meta VALUES('version','2');
CREATE TABLE entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL,
    keys TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO entities VALUES('country:KAZ','Country','Kazakhstan','["Kazakhstan","Kazakh"]','[["kazakhstan","kazakh"],[]]');
INSERT INTO entities VALUES('country:RUS','Country','Russia','["Russia"]','[["russia"],[]]');
INSERT INTO entities VALUES('org:csto','Organisation','Collective Security Treaty Organization','["Collective Security Treaty Organization","CSTO"]','[["collective security treaty organization","csto"],["org:csto"]]');
CREATE TABLE documents (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, document TEXT NOT NULL, mentions TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO documents VALUES('doc:5e09c61bc8550bea',2,'{"id":"doc:5e09c61bc8550bea","source":null,"title":null,"url":"https://bbc.co.uk/x","published":null}','{"country:KAZ":1,"org:csto":1}');
INSERT INTO documents VALUES('doc:a4392a56a4bf5032',1,'{"id":"doc:a4392a56a4bf5032","source":null,"title":null,"url":"https://www.news.example.com/1","published":"2021-01-01"}','{"country:KAZ":1,"org:csto":1}');
INSERT INTO documents VALUES('doc:fbe399f6da0efcce',3,'{"id":"doc:fbe399f6da0efcce","source":null,"title":null,"url":null,"published":null}','{"country:RUS":1,"org:csto":1}');
CREATE TABLE relations (
    source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, properties TEXT NOT NULL,
    confidence REAL NOT NULL, evidence_count INTEGER NOT NULL, doc_ids TEXT NOT NULL,
    first_seen TEXT, last_seen TEXT,
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
INSERT INTO relations VALUES('country:KAZ','MEMBER_OF','org:csto','{}',0.95999999999999996447,2,'["doc:5e09c61bc8550bea","doc:a4392a56a4bf5032"]','2021-01-01','2022-01-06');
INSERT INTO relations VALUES('country:RUS','MEMBER_OF','org:csto','{}',0.8000000000000000444,1,'["doc:fbe399f6da0efcce"]',NULL,NULL);
CREATE TABLE evidence (
    doc_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (doc_id, source, type, target)
) WITHOUT ROWID;
INSERT INTO evidence VALUES('doc:5e09c61bc8550bea','country:KAZ','MEMBER_OF','org:csto','[["Kazakh troops serve the CSTO.",0,29,"test-rule",0.8,"2022-01-06"]]');
INSERT INTO evidence VALUES('doc:a4392a56a4bf5032','country:KAZ','MEMBER_OF','org:csto','[["Kazakhstan is in the CSTO.",0,26,"test-rule",0.8,null]]');
INSERT INTO evidence VALUES('doc:fbe399f6da0efcce','country:RUS','MEMBER_OF','org:csto','[["Russia is in the CSTO.",0,22,"test-rule",0.8,null]]');
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL);
INSERT INTO changes VALUES(1,'doc:a4392a56a4bf5032');
INSERT INTO changes VALUES(2,'doc:5e09c61bc8550bea');
INSERT INTO changes VALUES(3,'doc:fbe399f6da0efcce');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('changes',3);
COMMIT;
