/* placeholder */
#ifndef TRUNKWIZ_SCHEMA_H
#define TRUNKWIZ_SCHEMA_H
#endif
