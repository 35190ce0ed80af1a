/**
 * @generated SignedSource<<67ef8d595cb5dabc5ce09d33629d10c6>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type operationsCreateRegionMutation$variables = {
  name: string;
};
export type operationsCreateRegionMutation$data = {
  readonly createRegion: {
    readonly __typename: "CreateRegionSuccess";
    readonly created: boolean;
    readonly region: {
      readonly id: string;
      readonly name: string;
    } | null | undefined;
  } | {
    // This will never be '%other', but we need some
    // value in case none of the concrete values match.
    readonly __typename: "%other";
  };
};
export type operationsCreateRegionMutation = {
  response: operationsCreateRegionMutation$data;
  variables: operationsCreateRegionMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "name"
  }
],
v1 = [
  {
    "fields": [
      {
        "kind": "Literal",
        "name": "country",
        "value": "RU"
      },
      {
        "kind": "Literal",
        "name": "kind",
        "value": "PROVINCE"
      },
      {
        "kind": "Variable",
        "name": "name",
        "variableName": "name"
      }
    ],
    "kind": "ObjectValue",
    "name": "input"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v4 = {
  "kind": "InlineFragment",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "created",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Region",
      "kind": "LinkedField",
      "name": "region",
      "plural": false,
      "selections": [
        (v3/*:: as any*/),
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "name",
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "CreateRegionSuccess",
  "abstractKey": null
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "operationsCreateRegionMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "createRegion",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v4/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "operationsCreateRegionMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "createRegion",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v4/*:: as any*/),
          {
            "kind": "InlineFragment",
            "selections": [
              (v3/*:: as any*/)
            ],
            "type": "ClaimgraphNotFoundError",
            "abstractKey": null
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "4b874f87d1fe307a28ab33b9146710c2",
    "id": null,
    "metadata": {},
    "name": "operationsCreateRegionMutation",
    "operationKind": "mutation",
    "text": "mutation operationsCreateRegionMutation(\n  $name: String!\n) {\n  createRegion(input: {name: $name, kind: PROVINCE, country: \"RU\"}) {\n    __typename\n    ... on CreateRegionSuccess {\n      created\n      region {\n        id\n        name\n      }\n    }\n    ... on ClaimgraphNotFoundError {\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "ab57cb646877689cac0d261260ed1d84";

export default node;
