/**
 * @generated SignedSource<<7b517e81f0a17f66e39792039bba6e0a>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ClaimKind = "ASSESSMENT" | "CASUALTIES" | "CONCEALMENT" | "DEPLOYMENT" | "FORECAST" | "MILITARY_ACTIVITY" | "OTHER" | "TERRITORY" | "%future added value";
export type operationsCasualtyClaimsQuery$variables = Record<PropertyKey, never>;
export type operationsCasualtyClaimsQuery$data = {
  readonly claims: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly id: string;
        readonly kind: ClaimKind;
      };
    }>;
    readonly totalCount: number;
  };
};
export type operationsCasualtyClaimsQuery = {
  response: operationsCasualtyClaimsQuery$data;
  variables: operationsCasualtyClaimsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Literal",
        "name": "filter",
        "value": {
          "kinds": [
            "CASUALTIES"
          ]
        }
      },
      {
        "kind": "Literal",
        "name": "first",
        "value": 100
      }
    ],
    "concreteType": "ClaimConnection",
    "kind": "LinkedField",
    "name": "claims",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "totalCount",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "ClaimEdge",
        "kind": "LinkedField",
        "name": "edges",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "Claim",
            "kind": "LinkedField",
            "name": "node",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "id",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "kind",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ],
    "storageKey": "claims(filter:{\"kinds\":[\"CASUALTIES\"]},first:100)"
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "operationsCasualtyClaimsQuery",
    "selections": (v0/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "operationsCasualtyClaimsQuery",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "cacheID": "879cf56671c2c8b1ec92fe7a8addf1d3",
    "id": null,
    "metadata": {},
    "name": "operationsCasualtyClaimsQuery",
    "operationKind": "query",
    "text": "query operationsCasualtyClaimsQuery {\n  claims(first: 100, filter: {kinds: [CASUALTIES]}) {\n    totalCount\n    edges {\n      node {\n        id\n        kind\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "129bbf64928d87382cf138fb8a7e3d01";

export default node;
